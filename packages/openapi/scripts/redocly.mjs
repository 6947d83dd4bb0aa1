// Runs the Redocly CLI of this package with a repository's configuration.
// `--root DIR` points the scripts at another checkout of the same layout
// (redocly.yaml, .spectral.yaml, spec/); the tests use it to feed broken specs
// through exactly the commands that the build runs.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { apiNames } from "@ci-artifacts/spec/registry";

const here = path.dirname(fileURLToPath(import.meta.url));
export const packageDir = path.resolve(here, "..");
const { values } = parseArgs({
  options: { root: { type: "string" }, out: { type: "string" } },
  strict: true,
});
export const repoRoot = path.resolve(values.root ?? path.join(packageDir, "../.."));
export const outDir = path.resolve(values.out ?? path.join(packageDir, "dist"));
/** The registered APIs: redocly.yaml's `apis:`, which Redocly reads too. */
export const apis = apiNames(repoRoot);
const bin = path.join(packageDir, "node_modules", ".bin", "redocly");

/** Runs `redocly <args>` and exits with its status when it fails. */
export function redocly(args, { quiet = false } = {}) {
  const result = spawnSync(bin, [...args, "--config", path.join(repoRoot, "redocly.yaml")], {
    cwd: repoRoot,
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}
