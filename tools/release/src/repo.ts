// Where the release tooling finds things in the repository. Every function takes
// the repository root so that tests can point it at a scratch copy.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiNames, readRegistry } from "@ci-artifacts/spec/registry";

/** The monorepo root: this file is `tools/release/{src,dist}/repo.*`. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const openapiPackageName = "@ci-artifacts/openapi";

export interface Layout {
  root: string;
  /** `packages/openapi`, the package whose version each API's `info.version` follows. */
  openapiDir: string;
}

export function layout(root: string = repoRoot): Layout {
  return { root, openapiDir: path.join(root, "packages", "openapi") };
}

/** The registered APIs (`redocly.yaml`'s `apis:`, the one list), in alphabetical order. */
export function apis(root: string = repoRoot): string[] {
  return apiNames(root).sort();
}

/** The entry point of an API's description, as registered. */
export function specFile(root: string, api: string): string {
  const entry = readRegistry(root).find((e) => e.name === api);
  if (!entry) throw new Error(`${api} is not an API of ${path.join(root, "redocly.yaml")}`);
  return entry.root;
}
/** The bundle that `@ci-artifacts/openapi` builds (refs to components kept). */
export const bundleFile = (root: string, api: string): string =>
  path.join(layout(root).openapiDir, "dist", `${api}.json`);
/** The bundle of the last release, committed so that a fresh clone can compare against it. */
export const releasedFile = (root: string, api: string): string =>
  path.join(layout(root).openapiDir, "released", `${api}.json`);

export function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
}

export function packageVersion(packageDir: string): string {
  const file = path.join(packageDir, "package.json");
  const pkg = readJson(file) as { version?: unknown };
  if (typeof pkg.version !== "string") {
    throw new Error(`${file}: "version" is missing or not a string`);
  }
  return pkg.version;
}

/**
 * Bundles every API into packages/openapi/dist with that package's own `build`
 * script. Called directly rather than as a turbo dependency: turbo's `build`
 * waits for `lint`, and the gate must name a breaking change even when the same
 * edit also breaks lint (say, an example still has the removed field).
 */
export function buildOpenapi(root: string = repoRoot): void {
  const result = spawnSync("pnpm", ["--filter", openapiPackageName, "run", "build"], { cwd: root, encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new Error(
      `bundling ${openapiPackageName} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`,
    );
  }
}
