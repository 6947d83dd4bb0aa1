import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = path.resolve(packageDir, "../..");
export const distDir = path.join(packageDir, "dist");

/** A scratch copy of the repository's spec and lint configuration. */
export function scratchRepo(): string {
  const root = mkdtempSync(path.join(tmpdir(), "ci-artifacts-spec-"));
  for (const entry of ["spec", "redocly.yaml", ".spectral.yaml"]) {
    cpSync(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  }
  return root;
}

export interface Run {
  status: number | null;
  output: string;
}

/** Runs one of this package's scripts (the same ones `pnpm build` runs). */
export function runScript(script: string, args: string[]): Run {
  const result = spawnSync(process.execPath, [path.join(packageDir, "scripts", script), ...args], {
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
