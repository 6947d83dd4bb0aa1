import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const testDir = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(testDir, "../..");
const repoRoot = path.resolve(packageDir, "../..");

/** The samples' compiler options, from test/samples/tsconfig.json (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess). */
function samplesConfig() {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(testDir, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("test/samples/tsconfig.json could not be read");
  return config;
}

/** Every diagnostic of `file` in `program`, as `file(line,col): TSnnnn message`. */
function diagnostics(program: ts.Program, file: string) {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not part of the program`);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const where = at
      ? `${path.relative(repoRoot, file)}(${at.line + 1},${at.character + 1})`
      : path.relative(repoRoot, file);
    return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

const config = samplesConfig();
const files = config.fileNames.filter((f) => !f.endsWith(".d.ts")).sort();
const negative = path.join(testDir, "fixtures", "wrong-path.ts");
let program: ts.Program;

beforeAll(() => {
  for (const entry of ["buddy", "buildkite"]) {
    const types = path.join(packageDir, "dist", `${entry}.d.ts`);
    if (!existsSync(types)) {
      throw new Error(
        `${types} is missing: build the client first (pnpm turbo run build --filter @ci-artifacts/client)`,
      );
    }
  }
  program = ts.createProgram([...files, negative], config.options);
});

describe("TypeScript samples against @ci-artifacts/client", () => {
  it("reads test/samples/tsconfig.json and its options without errors, with the strictest settings", () => {
    const found = [...config.errors, ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    expect(found.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "))).toEqual([]);
    expect(config.options).toMatchObject({
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
    });
  });

  it("covers every operation sample and every example", () => {
    const relative = files.map((f) => path.relative(repoRoot, f));
    const samples = ["buddy", "buildkite"].flatMap((api) =>
      readdirSync(path.join(repoRoot, "spec", api, "code_samples", "TypeScript"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => `spec/${api}/code_samples/TypeScript/${f}`),
    );
    const examples = readdirSync(path.join(packageDir, "examples")).map((f) => `packages/client/examples/${f}`);
    expect(relative).toEqual([...examples, ...samples].sort());
  });

  it.each(files.map((file) => ({ name: path.relative(repoRoot, file), given: file })))(
    "$name compiles",
    ({ given }) => {
      expect(diagnostics(program, given)).toEqual([]);
    },
  );

  it("rejects a sample calling a path the API does not have", () => {
    const found = diagnostics(program, negative);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/wrong-path\.ts\(6,17\): TS2345 .*"\/workspaces\/\{workspace\}\/artefacts"/);
  });
});
