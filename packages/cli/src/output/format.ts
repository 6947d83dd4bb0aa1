/** `--format`: a table for a person at a terminal, NDJSON (one JSON object per line) for a script. */
import type { Io } from "../io.js";

export const FORMATS = ["table", "json"] as const;
export type Format = (typeof FORMATS)[number];

export function formatOf(given: Format | undefined, io: Io): Format {
  return given ?? (io.stdout.isTTY === true ? "table" : "json");
}
