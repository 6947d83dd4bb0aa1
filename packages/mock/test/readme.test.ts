// The README's examples run as written: each curl line against the command started as the README
// says (on its default port), and the TypeScript example type-checked with a careful user's
// settings and run.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
  let out = "";
  child.stdout?.setEncoding("utf8");
  for await (const chunk of child.stdout ?? []) {
    out += chunk as string;
    if (out.includes("Ctrl-C")) break;
  }
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

describe("the README's TypeScript is examples/quick-start.ts", () => {
  const file = join(packageDir, "examples/quick-start.ts");

  it("shown verbatim", async () => {
    const shown = /<!-- sample: packages\/mock\/examples\/quick-start\.ts -->\n```ts\n([\s\S]*?)```\n/.exec(
      readme,
    )?.[1];
    expect(shown).toBe(await readFile(file, "utf8"));
  });

  it("compiles under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(packageDir, "test/examples/tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    if (!config) throw new Error("test/examples/tsconfig.json could not be read");
    expect(config.options).toMatchObject({
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
    });
    const program = ts.createProgram([file], config.options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    expect(problems).toEqual([]);
  });

  it("runs", async () => {
    // Written beside the package, so that `@ci-artifacts/mock` resolves to this package itself.
    const script = join(packageDir, "test/examples/.quick-start.mjs");
    const js = ts.transpileModule(await readFile(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    await writeFile(script, js);
    try {
      const { stdout } = await exec(process.execPath, [script], { cwd: packageDir });
      expect(stdout).toBe("250 artifacts\nchecksum matches\n");
    } finally {
      await rm(script, { force: true });
    }
  });
});
