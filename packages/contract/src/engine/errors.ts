/**
 * The validator's output units (@cfworker/json-schema, output format "basic" of JSON Schema
 * 2020-12 §12.4) as the engine reports them: one error per problem, at the value concerned (a
 * missing or unknown property is named in the pointer), with the value found, the keyword that
 * failed and a short message. Units that only summarise the errors of their subschemas
 * (`properties`, `$ref`, `allOf`, ...) are left out.
 * https://json-schema.org/draft/2020-12/json-schema-core#section-12.4
 */

import type { OutputUnit } from "@cfworker/json-schema";
import { escapeSegment, getAt, isObject, unescapeSegment } from "@ci-artifacts/spec";
import { FORBIDDEN_KEYWORD, FORMAT_KEYWORD, LENIENT_PATTERN_FORMAT } from "./shadow.js";

export interface PayloadError {
  /** JSON pointer into the payload, '' for the payload itself; for a missing or unknown property, that property. */
  instancePath: string;
  /** The JSON Schema keyword that failed (`x-contract-forbidden` for a readOnly/writeOnly property in the wrong direction). */
  keyword: string;
  message: string;
  /** The value found at `instancePath` (undefined when the property is missing). */
  value: unknown;
  /** Where in the (transformed) schema the keyword sits, for debugging. */
  schemaPath: string;
}

/** Units whose own error only says that a subschema failed: the subschema's errors say what. */
const PASS_THROUGH = new Set([
  "$ref",
  "$recursiveRef",
  "allOf",
  "properties",
  "patternProperties",
  "dependentSchemas",
  "items",
  "prefixItems",
  "additionalItems",
  "unevaluatedItems",
]);

/** Keywords whose own error only summarises the errors of their subschemas; kept when nothing more specific failed. */
const SUMMARIES = new Set(["if", "oneOf", "anyOf", "allOf", "$ref"]);

/** Keywords whose value is a map from names to schemas: a segment after one is a name, not a keyword. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"]);

type Node = unknown;

/**
 * @param units the validator's errors, in its order (a unit's subschema errors follow it)
 * @param payload the value validated
 * @param root the schema it was validated against (keyword locations start there)
 * @param lookup the registered schemas by URI, to follow `$ref`s in keyword locations
 */
export function translate(
  units: readonly OutputUnit[],
  payload: unknown,
  root: unknown,
  lookup: Record<string, unknown>,
): PayloadError[] {
  const out: PayloadError[] = [];
  const seen = new Set<string>();
  const push = (instancePath: string, keyword: string, message: string, schemaPath: string) => {
    const key = `${instancePath}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ instancePath, keyword, message, value: valueAt(payload, instancePath), schemaPath });
  };
  const schemaAt = (location: string) => walk(root, location, lookup);

  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const path = instancePathOf(unit.instanceLocation);
    const location = unit.keywordLocation;
    const keyword = unit.keyword;
    // Everything below this unit (by keyword location): reported as the unit alone.
    const skipBelow = () => {
      while (units[i + 1]?.keywordLocation.startsWith(`${location}/`)) i++;
    };
    if (PASS_THROUGH.has(keyword)) continue;

    // A check the shadow copy added for a numeric format: one error, the format's.
    const parent = schemaAt(parentOf(location));
    if (isObject(parent) && typeof parent[FORMAT_KEYWORD] === "string") {
      push(path, "format", `must match format "${parent[FORMAT_KEYWORD]}"`, location);
      continue;
    }

    switch (keyword) {
      case "additionalProperties":
      case "unevaluatedProperties": {
        // An undeclared property meets `false`: the unit after is that schema's, at the property.
        const next = units[i + 1];
        if (next?.keyword === "false" && next.instanceLocation.startsWith(`${unit.instanceLocation}/`)) {
          i++;
          push(
            instancePathOf(next.instanceLocation),
            keyword,
            keyword === "additionalProperties"
              ? "is not a property the schema allows (additionalProperties is false)"
              : "is not a property the schema declares",
            location,
          );
        }
        break;
      }
      case "false":
        push(path, "false schema", "boolean schema is false", location);
        break;
      case "required": {
        const required = schemaAt(location);
        const data = valueAt(payload, path);
        for (const name of Array.isArray(required) ? required : []) {
          if (isObject(data) && !Object.hasOwn(data, String(name)))
            push(`${path}/${escapeSegment(String(name))}`, "required", "is required but missing", location);
        }
        break;
      }
      case "not": {
        const flag = isObject(parent) ? parent[FORBIDDEN_KEYWORD] : undefined;
        if (flag === "readOnly" || flag === "writeOnly") {
          push(
            path,
            FORBIDDEN_KEYWORD,
            flag === "readOnly"
              ? "is readOnly: it may appear in a response, not in a request"
              : "is writeOnly: it may appear in a request, not in a response",
            location,
          );
        } else push(path, keyword, "must NOT be valid", location);
        break;
      }
      case "format": {
        const name = String(schemaAt(location));
        if (name.startsWith(LENIENT_PATTERN_FORMAT)) {
          push(path, "pattern", `must match pattern "${name.slice(LENIENT_PATTERN_FORMAT.length)}"`, location);
        } else push(path, keyword, `must match format "${name}"`, location);
        break;
      }
      case "propertyNames":
      case "contains":
        skipBelow();
        push(path, keyword, messageOf(keyword, schemaAt(location), parent), location);
        break;
      case "dependencies":
      case "dependentRequired": {
        // The schema form of `dependencies` only summarises its subschema's errors.
        const dependencies = schemaAt(`${parentOf(location)}/${keyword}`);
        const data = valueAt(payload, path);
        if (!isObject(dependencies) || !isObject(data)) break;
        for (const [name, needed] of Object.entries(dependencies)) {
          if (!Object.hasOwn(data, name) || !Array.isArray(needed)) continue;
          for (const other of needed) {
            if (!Object.hasOwn(data, String(other)))
              push(path, keyword, `must have property ${other} when property ${name} is present`, location);
          }
        }
        break;
      }
      default:
        push(path, keyword, messageOf(keyword, schemaAt(location), parent), location);
    }
  }
  return prune(out);
}

/**
 * Summaries only when nothing more specific failed; and a declared property that failed is not
 * also unevaluated (the validator leaves a property that fails its schema unevaluated).
 */
function prune(errors: PayloadError[]): PayloadError[] {
  const specific = errors.filter((e) => !SUMMARIES.has(e.keyword));
  const kept = specific.length > 0 ? specific : errors;
  return kept.filter(
    (e) =>
      e.keyword !== "unevaluatedProperties" ||
      !kept.some(
        (other) =>
          other.keyword !== "unevaluatedProperties" &&
          (other.instancePath === e.instancePath || other.instancePath.startsWith(`${e.instancePath}/`)),
      ),
  );
}

/** The message of a keyword that failed, worded as Ajv words it: the wording this engine's reports have always had. */
function messageOf(keyword: string, value: unknown, schema: unknown): string {
  const at = (name: string) => (isObject(schema) ? schema[name] : undefined);
  switch (keyword) {
    case "type":
      return `must be ${Array.isArray(value) ? value.join(",") : String(value)}`;
    case "enum":
      return `must be one of ${(Array.isArray(value) ? value : []).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(value)}`;
    case "pattern":
      return `must match pattern "${String(value)}"`;
    // Draft-04 (OAS 3.0): exclusiveMinimum/exclusiveMaximum are booleans beside minimum/maximum.
    case "minimum":
      return `must be ${at("exclusiveMinimum") === true ? ">" : ">="} ${String(value)}`;
    case "maximum":
      return `must be ${at("exclusiveMaximum") === true ? "<" : "<="} ${String(value)}`;
    case "exclusiveMinimum":
      return `must be > ${String(value)}`;
    case "exclusiveMaximum":
      return `must be < ${String(value)}`;
    case "multipleOf":
      return `must be multiple of ${String(value)}`;
    case "minLength":
      return `must NOT have fewer than ${String(value)} characters`;
    case "maxLength":
      return `must NOT have more than ${String(value)} characters`;
    case "minItems":
      return `must NOT have fewer than ${String(value)} items`;
    case "maxItems":
      return `must NOT have more than ${String(value)} items`;
    case "minProperties":
      return `must NOT have fewer than ${String(value)} properties`;
    case "maxProperties":
      return `must NOT have more than ${String(value)} properties`;
    case "uniqueItems":
      return "must NOT have duplicate items";
    case "minContains":
      return `must contain at least ${String(value)} valid items`;
    case "maxContains":
      return `must contain at most ${String(value)} valid items`;
    case "contains":
      return "must contain at least 1 valid item";
    case "propertyNames":
      return "must have only valid property names";
    case "oneOf":
      return "must match exactly one schema in oneOf";
    case "anyOf":
      return "must match a schema in anyOf";
    case "if":
      return "must match the schema its if/then/else selects";
    default:
      return `must be valid against ${keyword}`;
  }
}

/**
 * The errors of the full pass, with unknown properties taken from the structure-only pass when
 * anything else failed (see ShadowOptions.structureOnly).
 */
export function combine(full: PayloadError[], structure: () => PayloadError[]): PayloadError[] {
  const assertions = full.filter((e) => e.keyword !== "unevaluatedProperties");
  const specific = assertions.filter((e) => !SUMMARIES.has(e.keyword));
  const unknown = (specific.length > 0 ? structure() : full).filter((e) => e.keyword === "unevaluatedProperties");
  // An unknown property deep inside a oneOf/if branch fails that branch, which then leaves the
  // properties of the objects above it unevaluated too: keep the deepest report of a chain.
  const objectOf = (e: PayloadError) => e.instancePath.slice(0, e.instancePath.lastIndexOf("/"));
  const deepest = unknown.filter((e) => {
    const object = objectOf(e);
    return !unknown.some((other) => objectOf(other).startsWith(`${object}/`));
  });
  const result = [...(specific.length > 0 ? specific : assertions), ...deepest];
  return result.length > 0 ? result : full;
}

/** `#/a%20b/0` (a URI fragment) → `/a b/0` (a JSON pointer). */
function instancePathOf(location: string): string {
  return location.length <= 1 ? "" : location.slice(1).split("/").map(decodeURIComponent).join("/");
}

function valueAt(payload: unknown, instancePath: string): unknown {
  return getAt(payload, instancePath.split("/").slice(1).map(unescapeSegment));
}

function parentOf(location: string): string {
  return location.slice(0, location.lastIndexOf("/"));
}

/** The node a keyword location names: from `root`, a `$ref` segment jumps to what it references. */
function walk(root: Node, location: string, lookup: Record<string, unknown>): Node {
  let node = root;
  let name = false;
  for (const raw of location.replace(/^#\/?/, "").split("/")) {
    if (raw === "") continue;
    const segment = unescapeSegment(decodeURIComponent(raw));
    if (!name && segment === "$ref" && isObject(node)) {
      node = lookup[String(node.__absolute_ref__ ?? node.$ref)];
      continue;
    }
    name = !name && SCHEMA_MAPS.has(segment);
    node = Array.isArray(node) ? node[Number(segment)] : isObject(node) ? node[segment] : undefined;
  }
  return node;
}
