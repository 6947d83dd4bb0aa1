/** What the twin reads out of a schema: the properties it declares and the values an enum allows. */
import { escapeSegment, isObject, resolveAt } from "@ci-artifacts/spec";
import type { ApiDocument } from "./load.js";

/** The property names a schema declares, through `$ref`s and `allOf`, in the order written. */
export function propertiesOf(doc: ApiDocument, pointer: string): string[] {
  const out = new Set<string>();
  const visit = (at: string, depth: number) => {
    const { value, pointer: resolved } = resolveAt(doc.document, at);
    if (!isObject(value) || depth > 16) return;
    if (isObject(value.properties)) for (const name of Object.keys(value.properties)) out.add(name);
    if (Array.isArray(value.allOf))
      for (let i = 0; i < value.allOf.length; i++) visit(`${resolved}/allOf/${i}`, depth + 1);
  };
  visit(pointer, 0);
  return [...out];
}

/** The values of a schema's `enum` (through `$ref`s), or [] when it has none. */
export function enumOf(doc: ApiDocument, pointer: string): unknown[] {
  const { value } = resolveAt(doc.document, pointer);
  return isObject(value) && Array.isArray(value.enum) ? value.enum : [];
}

/** `#/components/schemas/<name>`, checked to exist: a profile naming a schema the description lacks is a defect. */
export function componentSchema(doc: ApiDocument, name: string): string {
  const pointer = `#/components/schemas/${name}`;
  if (resolveAt(doc.document, pointer).value === undefined) {
    throw new Error(`the ${doc.api} description has no schema ${name}`);
  }
  return pointer;
}

/**
 * The schema a path of property names leads to from `pointer` (`"[]"` for an array's items),
 * through `$ref`s and `allOf`: `schemaPath(doc, listSchema, "artifacts", "[]")` is a list item's schema.
 */
export function schemaPath(doc: ApiDocument, pointer: string, ...path: string[]): string {
  let at = pointer;
  for (const step of path) {
    const next = stepInto(doc, at, step, 0);
    if (next === undefined) throw new Error(`the ${doc.api} schema ${at} has no ${step === "[]" ? "items" : step}`);
    at = next;
  }
  return resolveAt(doc.document, at).pointer;
}

function stepInto(doc: ApiDocument, at: string, step: string, depth: number): string | undefined {
  const { value, pointer } = resolveAt(doc.document, at);
  if (!isObject(value) || depth > 16) return undefined;
  if (step === "[]" && isObject(value.items)) return `${pointer}/items`;
  if (step !== "[]" && isObject(value.properties) && isObject(value.properties[step])) {
    return `${pointer}/properties/${escapeSegment(step)}`;
  }
  if (!Array.isArray(value.allOf)) return undefined;
  for (let i = 0; i < value.allOf.length; i++) {
    const found = stepInto(doc, `${pointer}/allOf/${i}`, step, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `value` with its keys in the order `keys` gives (the schema's), any others after them. */
export function inOrder(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in value) out[key] = value[key];
  for (const key of Object.keys(value)) if (!(key in out)) out[key] = value[key];
  return out;
}
