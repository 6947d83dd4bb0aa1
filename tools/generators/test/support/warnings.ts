/** The lines of a generator's output that warn, less the known ones. */
import type { KnownWarning } from "./generators.js";

const WARNING =
  /\b(warn\w*|error\w*|deprecat\w*|ignored|could not|could have|failed|not found|invalid|unsupported|must not)\b|⚠|✗|✖/i;

/** A file name such as `types/Error.ts` says nothing about how the generation went. */
const FILE = /[\w./-]+\.(ts|js|json|yaml)\b/g;

export function warningsLeft(log: string, known: readonly KnownWarning[]): string[] {
  return log
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => WARNING.test(line.replace(FILE, "")) && !known.some((k) => k.pattern.test(line)));
}
