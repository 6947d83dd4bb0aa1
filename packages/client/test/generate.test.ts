import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// `pnpm test:generated` runs the drift check on src/generated; these rows show the check can fail.
const script = fileURLToPath(new URL("../scripts/generate.mjs", import.meta.url));
const committed = fileURLToPath(new URL("../src/generated/", import.meta.url));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function check(edit: (dir: string) => Promise<void>): Promise<{ code: number; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), "client-generated-"));
  dirs.push(dir);
  await cp(committed, dir, { recursive: true });
  await edit(dir);
  return promisify(execFile)(process.execPath, [script, "--check", "--dir", dir], { cwd: dir }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      out: error.stdout + error.stderr,
    }),
  );
}

const replaceLine = (file: string, line: number, text: string) => async (dir: string) => {
  const lines = (await readFile(join(dir, file), "utf8")).split("\n");
  lines[line - 1] = text;
  await writeFile(join(dir, file), lines.join("\n"));
};

describe("the generated-types drift check", () => {
  it.each([
    { name: "the committed files", given: async () => undefined, want: { code: 0, out: /matches the bundles/ } },
    {
      name: "a hand edit",
      given: replaceLine("buildkite.ts", 30, "    hand: edited;"),
      want: {
        code: 1,
        out: /^buildkite\.ts:30: differs from the bundle\n {2}generated: .*\n {2}committed: {5}hand: edited;$/m,
      },
    },
    {
      name: "a missing file",
      given: (dir: string) => rm(join(dir, "buddy.ts")),
      want: { code: 1, out: /^buddy\.ts: missing$/m },
    },
    {
      name: "a stray file",
      given: (dir: string) => writeFile(join(dir, "gitlab.ts"), "export {};\n"),
      want: { code: 1, out: /^gitlab\.ts: not produced by the generator$/m },
    },
  ])("$name", async ({ given, want }) => {
    const { code, out } = await check(given);
    expect(code).toBe(want.code);
    expect(out).toMatch(want.out);
  });
});
