/**
 * A quick "valid" for values a schema of the description certainly admits, so that data of many
 * thousands of artifacts is not walked item by item through the engine's interpreting validator
 * (which builds an error path for every property it visits, valid or not).
 *
 * `accepts` answers true only when the contract kit's engine (non-strict, in the same direction)
 * finds no problem; false means "not certain", and the caller asks the engine, which names the
 * problem as before. Each value position (the schema itself, a property's schema, an array's
 * items) is checked here when every keyword of it is one this module reads as the engine does, or
 * more strictly; one with any other keyword (`pattern`, `oneOf`, a discriminator, ...) is handed
 * whole to the engine, whose verdict on that value alone is the one it gives inside the larger
 * value. Only `doc.contract` is mirrored (objects open to undeclared properties), not `doc.requests`.
 *
 * A string's `format` is tested with the table of the validator the engine runs on
 * (@cfworker/json-schema), so both read `uuid` or `uri` alike; a format the table does not know is
 * left to the engine.
 */
import { format } from "@cfworker/json-schema";
import type { Direction } from "@ci-artifacts/contract/engine";
import { escapeSegment, getAt, isObject, parsePointer } from "@ci-artifacts/spec";
import type { ApiDocument } from "../document/load.js";

type Check = (value: unknown) => boolean;

/** Keywords that validate nothing, for the engine as for this module (OpenAPI's `nullable` only ever adds `null`). */
const ANNOTATIONS = new Set([
  "$comment",
  "$defs",
  "$id",
  "$schema",
  "contentEncoding",
  "contentMediaType",
  "contentSchema",
  "default",
  "definitions",
  "deprecated",
  "description",
  "example",
  "examples",
  "externalDocs",
  "nullable",
  "readOnly",
  "title",
  "writeOnly",
  "xml",
]);
/** The property flag that forbids a property in each direction (a readOnly `id` in a request). */
const FORBIDDEN: Partial<Record<Direction, "readOnly" | "writeOnly">> = { request: "readOnly", response: "writeOnly" };

/**
 * OpenAPI's `int32` and `int64`, which the engine checks on numbers: whole and in range (`int64`
 * here as the safe integers, a narrower range, so that nothing the engine refuses is let through).
 */
const WHOLE: Readonly<Record<string, (value: number) => boolean>> = {
  int32: (value) => Number.isInteger(value) && value >= -(2 ** 31) && value <= 2 ** 31 - 1,
  int64: Number.isSafeInteger,
};

const ANY: Check = () => true;
const NONE: Check = () => false;

/** What the engine can validate at all: anything else (undefined, a function) makes it throw. */
function isJson(value: unknown): boolean {
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" || type === "object";
}

/** The node at a pointer of the document; undefined for one that names nothing, or is no JSON pointer (`#anchor`). */
function nodeAt(document: unknown, pointer: string): unknown {
  try {
    return getAt(document, parsePointer(pointer));
  } catch {
    return undefined;
  }
}

const isObjectValue = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function isType(value: unknown, type: unknown): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isObjectValue(value);
    case "integer":
      return Number.isInteger(value);
    case "number":
    case "string":
    case "boolean":
      return typeof value === type;
    default:
      return false;
  }
}

const every =
  (checks: readonly Check[]): Check =>
  (value) => {
    for (const check of checks) if (!check(value)) return false;
    return true;
  };

class Acceptor {
  /** The check of each value position, by pointer. */
  private readonly positions = new Map<string, Check>();
  private readonly document: unknown;
  private readonly flag: "readOnly" | "writeOnly" | undefined;

  constructor(
    private readonly doc: ApiDocument,
    private readonly direction: Direction,
  ) {
    this.document = doc.document;
    this.flag = FORBIDDEN[direction];
  }

  /** The check of the value position at `pointer`: read here when every keyword allows it, else the engine's. */
  position(pointer: string): Check {
    const known = this.positions.get(pointer);
    if (known) return known;
    // A schema that holds itself (a tree of nodes) meets this position again while it is read.
    let resolved: Check = NONE;
    this.positions.set(pointer, (value) => resolved(value));
    resolved = this.schema(pointer, new Set()) ?? this.engine(pointer);
    this.positions.set(pointer, resolved);
    return resolved;
  }

  /** The engine's verdict on a value at this position, taken on its own. */
  private engine(pointer: string): Check {
    const { contract } = this.doc;
    return (value) => {
      if (!isJson(value)) return false;
      try {
        return contract.validatePayload(pointer, value, this.direction).length === 0;
      } catch {
        return false;
      }
    };
  }

  /**
   * The check of the schema at `pointer` and what it means for the same value (`$ref`, `allOf`,
   * `anyOf`), or undefined when a keyword there is not one this module reads. `chain` holds the
   * pointers already on the way, so that a schema that refers back to itself is left to the engine.
   */
  private schema(pointer: string, chain: ReadonlySet<string>): Check | undefined {
    const node = nodeAt(this.document, pointer);
    if (node === true) return ANY;
    if (node === false) return NONE;
    if (!isObject(node) || chain.has(pointer)) return undefined;
    const within = new Set(chain).add(pointer);
    const checks: Check[] = [isJson];
    for (const [key, value] of Object.entries(node)) {
      if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
      const check = this.keyword(pointer, key, value, within);
      if (!check) return undefined;
      checks.push(check);
    }
    return every(checks);
  }

  private keyword(pointer: string, key: string, value: unknown, chain: ReadonlySet<string>): Check | undefined {
    switch (key) {
      case "type": {
        const types = Array.isArray(value) ? value : [value];
        return (v) => types.some((type) => isType(v, type));
      }
      case "enum":
        return Array.isArray(value) ? (v) => isPrimitive(v) && value.some((item) => item === v) : undefined;
      case "const":
        return (v) => isPrimitive(v) && v === value;
      case "required":
        return Array.isArray(value) && value.every((name) => typeof name === "string")
          ? (v) => !isObjectValue(v) || value.every((name) => Object.hasOwn(v, name))
          : undefined;
      case "properties":
        return isObject(value) ? this.properties(pointer, value) : undefined;
      case "items":
        if (!isObject(value) && typeof value !== "boolean") return undefined;
        return this.items(`${pointer}/items`);
      case "minimum":
        return typeof value === "number" ? (v) => typeof v !== "number" || v >= value : undefined;
      case "maximum":
        return typeof value === "number" ? (v) => typeof v !== "number" || v <= value : undefined;
      case "exclusiveMinimum":
        return typeof value === "number" ? (v) => typeof v !== "number" || v > value : undefined;
      case "exclusiveMaximum":
        return typeof value === "number" ? (v) => typeof v !== "number" || v < value : undefined;
      case "format":
        return typeof value === "string" ? formatCheck(value) : undefined;
      case "$ref":
        return typeof value === "string" && value.startsWith("#") ? this.schema(value, chain) : undefined;
      case "allOf":
      case "anyOf": {
        if (!Array.isArray(value)) return undefined;
        const members: Check[] = [];
        for (let i = 0; i < value.length; i++) {
          const member = this.schema(`${pointer}/${key}/${i}`, chain);
          if (!member) return undefined;
          members.push(member);
        }
        return key === "allOf" ? every(members) : (v) => members.some((member) => member(v));
      }
      default:
        return undefined;
    }
  }

  private properties(pointer: string, properties: Record<string, unknown>): Check {
    const entries = Object.entries(properties).map(([name, schema]): [string, Check] => [
      name,
      this.flag && mentions(this.document, schema, this.flag, new Set())
        ? NONE
        : this.position(`${pointer}/properties/${segment(name)}`),
    ]);
    return (v) => {
      if (!isObjectValue(v)) return true;
      for (const [name, check] of entries) if (Object.hasOwn(v, name) && !check(v[name])) return false;
      return true;
    };
  }

  private items(pointer: string): Check {
    const item = this.position(pointer);
    return (v) => {
      if (!Array.isArray(v)) return true;
      // By index, as the engine reads an array: a hole is an undefined item.
      for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
      return true;
    };
  }
}

function formatCheck(name: string): Check | undefined {
  const whole = WHOLE[name];
  const text = format[name];
  if (whole && !text) return (v) => typeof v !== "number" || whole(v);
  if (text && !whole) return (v) => typeof v !== "string" || text(v);
  return undefined;
}

/** A name as a segment of a pointer in its URI-fragment form, which `parsePointer` percent-decodes. */
const segment = (name: string) => escapeSegment(name).replace(/%/g, "%25");

const isPrimitive = (value: unknown) => value === null || typeof value !== "object";

/**
 * Whether a property's schema carries the flag anywhere the engine looks for it (itself, through
 * `$ref`, in any member of `allOf`, `anyOf` or `oneOf`): such a property present is left to the engine.
 */
function mentions(document: unknown, schema: unknown, flag: string, seen: Set<unknown>): boolean {
  if (!isObject(schema) || seen.has(schema)) return false;
  seen.add(schema);
  if (schema[flag] === true) return true;
  if (typeof schema.$ref === "string" && schema.$ref.startsWith("#")) {
    if (mentions(document, nodeAt(document, schema.$ref), flag, seen)) return true;
  }
  for (const list of ["allOf", "anyOf", "oneOf"]) {
    const members = schema[list];
    if (Array.isArray(members) && members.some((member) => mentions(document, member, flag, seen))) return true;
  }
  return false;
}

const acceptors = new WeakMap<ApiDocument, Map<Direction, Acceptor>>();

/** Whether `value` is certainly valid against the schema at `schema` in `direction`; false when only the engine can say. */
export function accepts(doc: ApiDocument, schema: string, value: unknown, direction: Direction): boolean {
  try {
    return acceptorOf(doc, direction).position(schema)(value);
  } catch {
    // Whatever this module did not foresee (a value nested past the stack's depth) is the engine's to say.
    return false;
  }
}

function acceptorOf(doc: ApiDocument, direction: Direction): Acceptor {
  let byDirection = acceptors.get(doc);
  if (!byDirection) {
    byDirection = new Map();
    acceptors.set(doc, byDirection);
  }
  let acceptor = byDirection.get(direction);
  if (!acceptor) {
    acceptor = new Acceptor(doc, direction);
    byDirection.set(direction, acceptor);
  }
  return acceptor;
}
