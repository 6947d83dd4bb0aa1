/**
 * The guide's own TypeScript (what a reader copies) must compile under `strict`,
 * `exactOptionalPropertyTypes` and `noUncheckedIndexedAccess`, even where a generator's output
 * needs one of them off: then it is checked against the declarations of that output.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import ts from "typescript";
import type { Block } from "./guide.js";
import { PACKAGE_ROOT } from "./project.js";
import { type RunResult, run } from "./run.js";

export const STRICTEST = ["strict", "exactOptionalPropertyTypes", "noUncheckedIndexedAccess"] as const;

const TSC = join(PACKAGE_ROOT, "node_modules", "typescript", "bin", "tsc");

/** The flags of {@link STRICTEST} that a tsconfig.json's text leaves off. */
export function flagsOff(tsconfig: string): string[] {
  const { config, error } = ts.parseConfigFileTextToJson("tsconfig.json", tsconfig);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const options = (config as { compilerOptions?: Record<string, unknown> }).compilerOptions ?? {};
  return STRICTEST.filter((flag) => options[flag] !== true);
}

/**
 * Type-checks and emits the project with its tsconfig.json; incremental, so that a run with
 * nothing changed rechecks from the stored result. With `declarations`, also writes the output's
 * declarations to `types/` for {@link compileStrictest}.
 */
export function compile(projectDir: string, declarations: boolean): Promise<RunResult> {
  const extra = declarations ? ["--declaration", "--declarationDir", "types"] : [];
  return run(
    process.execPath,
    [TSC, "-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", ".tsbuildinfo", ...extra],
    projectDir,
  );
}

/** Type-checks the guide's `.ts` files against the declarations {@link compile} wrote. */
export async function compileStrictest(projectDir: string, blocks: readonly Block[]): Promise<RunResult> {
  const types = join(projectDir, "types");
  const files: string[] = [];
  for (const block of blocks) {
    if (block.kind !== "file" || !/^src\/.*\.ts$/.test(block.path)) continue;
    const copy = join(types, block.path.slice("src/".length));
    await mkdir(dirname(copy), { recursive: true });
    await copyFile(join(projectDir, block.path), copy);
    files.push(copy);
  }
  const flags = ["--noEmit", "--skipLibCheck", ...STRICTEST.map((flag) => `--${flag}`)];
  const settings = ["--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext"];
  return run(
    process.execPath,
    [TSC, ...flags, ...settings, "--lib", "ES2022,DOM", "--types", "node", ...files],
    projectDir,
  );
}
