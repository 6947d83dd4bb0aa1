// Runs the Redocly CLI of this package with the repository's configuration.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const packageDir = path.resolve(here, "..");
export const repoRoot = path.resolve(packageDir, "../..");
export const apis = ["buddy", "buildkite"];
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
