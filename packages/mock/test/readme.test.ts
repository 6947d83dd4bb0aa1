// The README's curl lines run as written, against the command started as the README says (on its
// default port). Its TypeScript example uses @ci-artifacts/client as well, so tools/mock-e2e,
// which depends on both, type-checks and runs it.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBanner } from "./banner.js";

const exec = promisify(execFile);
const packageDir = fileURLToPath(new URL("../", import.meta.url));
const readme = await readFile(join(packageDir, "README.md"), "utf8");

/** The command lines of the ```sh block under `heading`, comments left out. */
function commands(heading: string): string[] {
  const at = readme.indexOf(`${heading}\n`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))?.[1];
  if (at < 0 || block === undefined) throw new Error(`README.md has no sh block under ${heading}`);
  return block.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#"));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "twin-readme-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function withCommand(api: string, body: () => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [join(packageDir, "dist/cli.js"), api], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await readBanner(child);
  try {
    await body();
  } finally {
    child.kill("SIGINT");
    await once(child, "exit");
  }
}

const sh = (line: string) => exec("sh", ["-c", line], { cwd: dir });

describe("the README's curl lines run as written", () => {
  it("Buildkite, in order", async () => {
    const lines = commands("### Buildkite with curl");
    const want = [
      /^link: <http:\/\/127\.0\.0\.1:4011\/organizations\/my-great-org\/pipelines\/my-pipeline\/builds\/1\/artifacts\?per_page=50&page=2>; rel="next"/i,
      /^\[\{"id":"76365070-34d5-4104-8b91-952780f8029f".*"state":"finished","path":"dist\/app\.tar\.gz"/,
      /^\{"id":"76365070-34d5-4104-8b91-952780f8029f","job_id":"aae578fe-994c-44e6-84da-4102616928ba"/,
      /^$/,
      /^\{"message":"Validation Failed","errors":\[\{"field":"per_page","code":"invalid","message":"query parameter per_page: must be <= 100 \(found 500\)"\}\]\}$/,
      /^204\n$/,
    ];
    expect(lines).toHaveLength(want.length);
    await withCommand("buildkite", async () => {
      const got = [];
      for (const line of lines) got.push((await sh(line)).stdout);
      for (const [i, stdout] of got.entries()) expect(stdout, lines[i]).toMatch(want[i] as RegExp);
      const artifact = JSON.parse(got[2] as string) as { sha1sum: string; file_size: number };
      const file = await readFile(join(dir, "app.tar.gz"));
      expect({ size: file.byteLength, sha1: createHash("sha1").update(file).digest("hex") }).toEqual({
        size: artifact.file_size,
        sha1: artifact.sha1sum,
      });
    });
  });

  it("Buddy, in order", async () => {
    const lines = commands("### Buddy with curl");
    const want = [
      /^\{"url":"http:\/\/127\.0\.0\.1:4010\/workspaces\/my-company\/artifacts","html_url":.*"artifacts":\[\{/,
      /^\{"url":.*"artifacts":\[\{"url":.*"id":"\w{8}"/,
      /^\{"url":"http:\/\/127\.0\.0\.1:4010\/workspaces\/my-company\/artifacts\/\w{8}".*"name":"site"/,
      /"id":"x5169jL2","name":"Shared library"/,
      /^\{"errors":\[\{"message":"body \/id: is not a property the schema declares \(found \\"abc\\"\)"\}\]\}$/,
      /^204\n$/,
    ];
    expect(lines).toHaveLength(want.length);
    await withCommand("buddy", async () => {
      for (const [i, line] of lines.entries()) expect((await sh(line)).stdout, line).toMatch(want[i] as RegExp);
    });
  });
});
