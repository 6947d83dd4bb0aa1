/** Reading data with every problem named by file, line and JSON pointer. */

import type { Direction } from "@ci-artifacts/contract/engine";
import { escapeSegment, isObject } from "@ci-artifacts/spec";
import type { ApiDocument } from "../document/load.js";
import { isSecret } from "../validate/types.js";
import { DataError, type DataSource } from "./types.js";

export function fail(source: DataSource, pointer: string, problem: string): never {
  const at = source.locate(`#${pointer}`);
  throw new DataError(source.file, pointer, problem, at?.line, at?.column);
}

export const child = (pointer: string, key: string | number) => `${pointer}/${escapeSegment(key)}`;

export function objectAt(source: DataSource, value: unknown, pointer: string): Record<string, unknown> {
  if (!isObject(value)) fail(source, pointer, `must be an object (found ${describe(value)})`);
  return value;
}

export function arrayAt(source: DataSource, value: unknown, pointer: string): unknown[] {
  if (!Array.isArray(value)) fail(source, pointer, `must be an array (found ${describe(value)})`);
  return value;
}

/** `api`, when given, must name the twin's API: a Buddy file handed to the Buildkite twin is a mistake worth naming. */
export function checkApiField(source: DataSource, data: Record<string, unknown>, api: string): void {
  if (data.api !== undefined && data.api !== api) {
    fail(source, "/api", `this is the ${api} twin; the data is for ${JSON.stringify(data.api)}`);
  }
}

/** Validates `value` against a schema of the description with the project's engine; the first problem is thrown. */
export function checkSchema(
  doc: ApiDocument,
  source: DataSource,
  schema: string,
  value: unknown,
  pointer: string,
  direction: Direction,
): void {
  const errors = doc.contract.validatePayload(schema, value, direction);
  const first = errors[0];
  if (!first) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  const found =
    first.value === undefined
      ? ""
      : isSecret(first.instancePath)
        ? " (found [redacted])"
        : ` (found ${describe(first.value)})`;
  fail(source, pointer + first.instancePath, `${first.message}${found}${more}`);
}

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
