import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../lib/build/samples.mjs";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const samplesDir = path.join(packageDir, "samples");
const require = createRequire(import.meta.url);
const APIS = ["buddy", "buildkite"] as const;

/** The samples' compiler options, from samples/tsconfig.json. */
function samplesConfig() {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(samplesDir, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("samples/tsconfig.json could not be read");
  return config;
}

/** Every diagnostic of `file` in `program`, as `file(line,col): TSnnnn message`. */
function diagnostics(program: ts.Program, file: string) {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not part of the program`);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const where = at
      ? `${path.relative(packageDir, file)}(${at.line + 1},${at.character + 1})`
      : path.relative(packageDir, file);
    return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

const config = samplesConfig();
const files = config.fileNames.filter((f) => !f.endsWith(".d.ts")).sort();
const negative = path.join(packageDir, "test", "samples", "fixtures", "wrong-path.ts");
let program: ts.Program;

beforeAll(() => {
  for (const entry of ["buddy", "buildkite"]) {
    const types = path.join(
      path.dirname(require.resolve("@ci-artifacts/client/package.json")),
      "dist",
      `${entry}.d.ts`,
    );
    if (!existsSync(types)) {
      throw new Error(
        `${types} is missing: build the client first (pnpm turbo run build --filter @ci-artifacts/client)`,
      );
    }
  }
  program = ts.createProgram([...files, negative], config.options);
});

describe("TypeScript samples against @ci-artifacts/client", () => {
  it("reads samples/tsconfig.json and its options without errors", () => {
    const found = [...config.errors, ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    expect(found.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "))).toEqual([]);
    expect(files.length).toBeGreaterThan(APIS.length);
  });

  it.each(files.map((file) => ({ name: path.relative(samplesDir, file), given: file })))(
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

describe("one sample per operation", () => {
  it.each(APIS.map((api) => ({ name: api, given: api })))(
    "$name: the sample files are exactly the operationIds",
    ({ given }) => {
      const bundle = JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${given}.json`), "utf8"));
      const operationIds = operations(bundle)
        .map((ref) => `${ref.operation.operationId}.ts`)
        .sort();
      const sampleFiles = readdirSync(path.join(samplesDir, given)).sort();
      expect(sampleFiles).toEqual(operationIds);
    },
  );
});
