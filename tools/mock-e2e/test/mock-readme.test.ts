// The TypeScript example of @ci-artifacts/mock's README, examples/quick-start.ts here: the README
// shows it verbatim, and it compiles with a careful user's settings and runs, the twin and the
// client resolved as a user's project resolves them. It lives here because it uses both packages,
// and @ci-artifacts/mock does not depend on the client.
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const here = fileURLToPath(new URL("../", import.meta.url));
const readme = await readFile(fileURLToPath(new URL("../../../packages/mock/README.md", import.meta.url)), "utf8");
const file = join(here, "examples/quick-start.ts");

describe("the mock README's TypeScript is tools/mock-e2e/examples/quick-start.ts", () => {
  it("shown verbatim", async () => {
    const shown = /<!-- sample: tools\/mock-e2e\/examples\/quick-start\.ts -->\n```ts\n([\s\S]*?)```\n/.exec(
      readme,
    )?.[1];
    expect(shown).toBe(await readFile(file, "utf8"));
  });

  it("compiles under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(here, "test/examples/tsconfig.json"),
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
    expect(config.fileNames).toEqual([file]);
    const program = ts.createProgram(config.fileNames, config.options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    expect(problems).toEqual([]);
  });

  it("runs", async () => {
    // Written beside the example, so that both packages resolve from this folder's node_modules.
    const script = join(here, "examples/.quick-start.mjs");
    const js = ts.transpileModule(await readFile(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    await writeFile(script, js);
    try {
      const { stdout } = await exec(process.execPath, [script], { cwd: here });
      expect(stdout).toBe("250 artifacts\nchecksum matches\n");
    } finally {
      await rm(script, { force: true });
    }
  });
});
