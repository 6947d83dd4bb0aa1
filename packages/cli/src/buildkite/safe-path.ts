/**
 * Where an artifact's file goes under `--out`. The path comes from the server: one that is
 * absolute, climbs out with `..`, or names no file is refused, never written, whatever the
 * platform's separators (a backslash counts as one, as it does on Windows).
 */
import { isAbsolute, join, relative, resolve, sep } from "node:path";

export type Target = { ok: true; file: string } | { ok: false; reason: string };

export function targetOf(out: string, artifactPath: string): Target {
  const root = resolve(out);
  if (artifactPath === "") return { ok: false, reason: "the path is empty" };
  if (artifactPath.includes("\0")) return { ok: false, reason: "the path holds a NUL character" };
  if (/^[\\/]/.test(artifactPath) || /^[A-Za-z]:/.test(artifactPath) || isAbsolute(artifactPath)) {
    return { ok: false, reason: "the path is absolute; it would be written outside --out" };
  }
  const segments = artifactPath.split(/[\\/]+/);
  if (segments.includes(".."))
    return { ok: false, reason: "the path climbs out with '..'; it would be written outside --out" };
  const named = segments.filter((segment) => segment !== "" && segment !== ".");
  if (named.length === 0) return { ok: false, reason: "the path names no file" };
  const file = join(root, ...named);
  const inside = relative(root, file);
  // A belt to the braces above: whatever join made of it must still be below the root.
  if (inside === "" || inside.startsWith(`..${sep}`) || inside === ".." || isAbsolute(inside)) {
    return { ok: false, reason: "the path leads outside --out" };
  }
  return { ok: true, file };
}
