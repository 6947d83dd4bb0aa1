// Whether a package's build is older than its sources: what `pnpm contract` checks before it asks
// turbo to build (see contract.mjs).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The files of a package whose change changes its build. */
const INPUTS = ["src", "package.json", "tsconfig.json", "tsconfig.build.json"];

/** Every file under `path` (itself when it is a file), with its modification time in ms; none when it is missing. */
function files(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return [];
  }
  if (!stats.isDirectory()) return [stats.mtimeMs];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

/**
 * True when a package's `dist/` is missing or older than any of its inputs (its `src/`, its
 * package.json and tsconfig files), for any of `packageDirs`. A build rewrites all of `dist/`, so
 * its oldest file says when it last ran.
 * @param {readonly string[]} packageDirs
 */
export function stale(packageDirs) {
  return packageDirs.some((dir) => {
    const built = files(join(dir, "dist"));
    if (built.length === 0) return true;
    const oldestOutput = Math.min(...built);
    return INPUTS.some((input) => files(join(dir, input)).some((mtime) => mtime > oldestOutput));
  });
}
