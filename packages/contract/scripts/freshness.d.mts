/** True when a package's `dist/` is missing or older than its sources, for any of `packageDirs`. */
export function stale(packageDirs: readonly string[]): boolean;
