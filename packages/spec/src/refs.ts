/**
 * Local Reference Objects and JSON Schema `$ref`s (`#/components/...`), followed within one
 * document. A bundle holds only local references; a multi-file description is mounted into one
 * document first (see the contract engine's `mountFiles`).
 * @see https://spec.openapis.org/oas/v3.1.1.html#reference-object
 */
import { getAt, isObject, parsePointer } from "./pointer.js";

/** A node of the document and the pointer it was read at (after following references). */
export interface Located<T = unknown> {
  value: T;
  pointer: string;
}

/** Hops after which a chain of references is taken to be a loop. */
const MAX_HOPS = 64;

/**
 * Follows `node` (found at `pointer`) through local `$ref`s to what they name. A node that is not
 * a local reference is returned as it is; a loop stops at the last node before it repeats.
 */
export function resolve(document: unknown, node: unknown, pointer: string): Located {
  const seen = new Set<string>();
  let current: Located = { value: node, pointer };
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    const ref = isObject(current.value) ? current.value.$ref : undefined;
    if (typeof ref !== "string" || !ref.startsWith("#") || seen.has(ref)) break;
    seen.add(ref);
    current = { value: getAt(document, parsePointer(ref)), pointer: ref };
  }
  return current;
}

/** The pointer a chain of local `$ref`s starting at `pointer` ends at. */
export function follow(document: unknown, pointer: string): string {
  return resolve(document, getAt(document, parsePointer(pointer)), pointer).pointer;
}

/** The node at `pointer`, references followed. */
export function resolveAt(document: unknown, pointer: string): Located {
  return resolve(document, getAt(document, parsePointer(pointer)), pointer);
}

/**
 * Objects of a description whose keys are names (a property's, a header's, a media type's, a
 * component's), not keywords: a property named `example` is not an example.
 */
const NAME_MAPS: ReadonlySet<string> = new Set([
  "properties",
  "patternProperties",
  "dependentSchemas",
  "$defs",
  "definitions",
  "paths",
  "webhooks",
  "x-webhooks",
  "responses",
  "content",
  "headers",
  "encoding",
  "links",
  "callbacks",
  "schemas",
  "parameters",
  "requestBodies",
  "securitySchemes",
  "pathItems",
]);

/**
 * Every local `$ref` target written anywhere under `node`. The values of the keywords in `skip`
 * are not walked: `example` and `examples` hold data (a `$ref` inside an example value is not a
 * reference), and following a schema's references need not read them. A name that spells one (a
 * property named `example`) is walked all the same.
 */
export function localRefs(node: unknown, out: string[] = [], skip?: ReadonlySet<string>): string[] {
  walk(node, out, skip, false);
  return out;
}

function walk(node: unknown, out: string[], skip: ReadonlySet<string> | undefined, names: boolean): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, out, skip, false);
  } else if (isObject(node)) {
    for (const key in node) {
      const value = node[key];
      if (!names && key === "$ref" && typeof value === "string") {
        if (value.startsWith("#")) out.push(value);
      } else if (names || !skip?.has(key)) walk(value, out, skip, !names && NAME_MAPS.has(key));
    }
  }
}
