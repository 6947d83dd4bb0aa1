/**
 * Builds, for one direction, the JSON Schemas that the validator actually reads: a transformed copy of
 * each schema the document uses, so that the user's document is never mutated and its meaning is
 * kept, while a few OpenAPI rules that JSON Schema alone cannot say are added:
 *
 * - unknown properties: where an object schema says nothing about extra properties, its value
 *   position gets `unevaluatedProperties: false`, which (unlike `additionalProperties`) sees the
 *   properties declared through `$ref`, `allOf` and the matching `oneOf` branch;
 * - direction (OAS 3.0.3 §4.7.24 Schema Object, `readOnly`/`writeOnly`; 3.1 keeps them): a readOnly property may not
 *   appear in a request, a writeOnly one not in a response, and `required` does not apply to them
 *   in that direction;
 * - `discriminator` (OAS 3.1.0 §4.8.25, 3.0.3 §4.7.25): the value of the discriminating property selects the one schema
 *   to validate against, which also gives one clear error instead of every oneOf branch's;
 * - OAS 3.0 `nullable` as the 3.0.3 clarification reads it (it adds `null` to a `type` written
 *   beside it, and nothing else), and `$ref` siblings being ignored in 3.0.
 *
 * Every schema reached through a `$ref` becomes its own unit, registered once with the validator
 * under an opaque URN, so each is transformed once per document and direction however many
 * examples use it.
 * The copy of every sub-schema is remembered by the pointer of its original (`located`), so that
 * an example written inside a schema is checked against that part of its unit, not against a copy
 * of its own.
 */
import { escapeSegment, getAt, isObject, parsePointer, unescapeSegment } from "@ci-artifacts/spec";

export type Direction = "request" | "response" | "none";
export type OpenApiVersion = "3.0" | "3.1";

/**
 * Marks the copy of a property that may not appear in this direction: `{ "x-contract-forbidden":
 * "readOnly", not: {} }` fails for any value, and the mark says why.
 */
export const FORBIDDEN_KEYWORD = "x-contract-forbidden";

/**
 * Marks the check that stands for a numeric `format` (`int32`, `int64`), which the validator only
 * applies to strings: an error under it is that format's.
 */
export const FORMAT_KEYWORD = "x-contract-format";

/**
 * The `format` that stands for a `pattern` written for JavaScript without the `u` flag (`^[\w-.]+$`
 * is a syntax error with it, and the validator compiles every pattern with it): the validator's
 * format table gets one entry per such pattern, named with this prefix (see the engine).
 */
export const LENIENT_PATTERN_FORMAT = "x-contract-pattern:";

/** OAS 3.0.3 §4.7.24 and the OpenAPI Format Registry: `int32` and `int64` are ranges of integers. */
const NUMERIC_FORMATS: Record<string, { minimum: number; maximum: number }> = {
  int32: { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 },
  // A JSON number near 2^63 is already rounded by JSON.parse (9223372036854775807 reads as 2^63),
  // so 2^63 itself is let through.
  int64: { minimum: -(2 ** 63), maximum: 2 ** 63 },
};

type Schema = Record<string, unknown>;

/** Keywords whose subschemas describe the same instance (closing them would break composition). */
const SAME_INSTANCE_LISTS = ["allOf", "anyOf", "oneOf"] as const;
/** Keywords whose subschemas describe a new (child) instance. */
const CHILD_SINGLE = [
  "additionalProperties",
  "unevaluatedProperties",
  "additionalItems",
  "unevaluatedItems",
  "contains",
  "propertyNames",
] as const;
/** Annotations and OpenAPI-only keywords: they do not validate, so they are left out of the copy. */
const DROPPED = new Set([
  "example",
  "examples",
  "description",
  "title",
  "default",
  "deprecated",
  "xml",
  "externalDocs",
  "$comment",
  "$schema",
  "$id",
  "id",
  "$anchor",
  "$dynamicAnchor",
  "$defs",
  "definitions",
  "readOnly",
  "writeOnly",
  "discriminator",
  "nullable",
  "contentMediaType",
  "contentEncoding",
  "contentSchema",
]);

/**
 * Assertion keywords, left out of the structure-only copy. That copy answers one question, which
 * properties does each object's schema declare, and is needed because a failing subschema yields
 * no annotations: once an example fails anywhere inside a oneOf or an if/then, the closed copy
 * would see every property of that object as undeclared.
 */
const ASSERTIONS = new Set([
  "type",
  "enum",
  "const",
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "required",
  "dependentRequired",
  "dependencies",
  "minContains",
  "maxContains",
  "contains",
  "propertyNames",
  "not",
]);

export interface ShadowOptions {
  /** Add `unevaluatedProperties: false` where a schema says nothing about extra properties. */
  closeObjects: boolean;
  /** Build the structure-only copy (see ASSERTIONS). */
  structureOnly?: boolean;
}

export interface Unit {
  id: string;
  schema: Schema | boolean;
}

interface Dispatch {
  propertyName: string;
  entries: { value: string; ref: string }[];
}

export class ShadowBuilder {
  private readonly units = new Map<string, Unit>();
  private readonly pending: Unit[] = [];
  private readonly lenientPatterns = new Set<string>();
  private readonly flagMemo = new Map<string, Map<unknown, boolean>>();
  private readonly closableMemo = new Map<unknown, boolean>();
  private readonly subtypeIndex = new Map<string, { value: string; ref: string }[]>();
  private subtypeIndexBuilt = false;
  private readonly dispatchMemo = new Map<Schema, Dispatch | undefined>();
  /** Original pointer → its transformed copy, for every sub-schema of a unit whose place is known. */
  private readonly located = new Map<string, Schema | boolean>();
  private nextId = 0;

  constructor(
    private readonly document: unknown,
    private readonly version: OpenApiVersion,
    private readonly direction: Direction,
    private readonly options: ShadowOptions,
  ) {}

  private get closeObjects(): boolean {
    return this.options.closeObjects;
  }

  private get structureOnly(): boolean {
    return this.options.structureOnly === true;
  }

  /**
   * The unit for the schema at `pointer` (transformed on first use). Units it references are
   * queued: take them with `drain()` and register them before compiling.
   */
  unitFor(pointer: string, variant: "" | "base" = ""): Unit {
    const key = variant + pointer;
    const known = this.units.get(key);
    if (known) return known;
    const unit: Unit = {
      id: `urn:contract:${this.direction}${this.structureOnly ? ":structure" : ""}:${this.nextId++}`,
      schema: true,
    };
    this.units.set(key, unit);
    const original = getAt(this.document, parsePointer(pointer));
    try {
      if (original === undefined) {
        throw new Error(`$ref ${pointer} does not resolve to anything in the document`);
      }
      // The base variant is the same node without its dispatch: its copy stands for no pointer.
      unit.schema = this.transform(
        original,
        { relaxed: new Set() },
        variant === "base",
        false,
        variant ? undefined : pointer,
      );
    } catch (error) {
      // Not left behind half-built: asked again, it fails again with the same error.
      this.units.delete(key);
      throw error;
    }
    this.pending.push(unit);
    return unit;
  }

  /**
   * The transformed copy of the sub-schema at `pointer`, found by transforming the whole schema at
   * `root` (a component, or a media type's schema) that contains it; undefined when that copy
   * does not stand for the sub-schema alone (a readOnly property in a request is replaced by a
   * keyword that always fails, `$defs` are left out). Throws when `root` cannot be transformed.
   */
  locate(pointer: string, root: string): Schema | boolean | undefined {
    const known = this.located.get(pointer);
    if (known !== undefined) return known;
    this.unitFor(root);
    return this.located.get(pointer);
  }

  /** Whether a value validated by `copy` (of the original at `pointer`) still needs closing. */
  wrap(copy: Schema | boolean, pointer: string): Schema | boolean {
    const original = getAt(this.document, parsePointer(pointer));
    return this.closeObjects && this.closable(original) ? { allOf: [copy], unevaluatedProperties: false } : copy;
  }

  /**
   * What validates a whole payload against the schema at `pointer`: its unit, or, where objects
   * are closed, a wrapper that closes the payload's own value position too.
   */
  entry(pointer: string): { id: string } | { schema: Schema } {
    const unit = this.unitFor(pointer);
    const target = getAt(this.document, parsePointer(pointer));
    if (!(this.closeObjects && this.closable(target))) return { id: unit.id };
    return { schema: { allOf: [{ $ref: unit.id }], unevaluatedProperties: false } };
  }

  drain(): Unit[] {
    return this.pending.splice(0);
  }

  /** Patterns that need a non-`u` regular expression, met since the last call (see LENIENT_PATTERN_FORMAT). */
  drainLenientPatterns(): string[] {
    const out = [...this.lenientPatterns];
    this.lenientPatterns.clear();
    return out;
  }

  /** Is `schema` (or what it is made of) marked `readOnly`/`writeOnly`? Follows $ref and allOf; a oneOf/anyOf counts when every branch is. */
  isFlagged(schema: unknown, flag: "readOnly" | "writeOnly", seen = new Set<unknown>()): boolean {
    if (!isObject(schema) || seen.has(schema)) return false;
    let memo = this.flagMemo.get(flag);
    if (!memo) {
      memo = new Map();
      this.flagMemo.set(flag, memo);
    }
    const known = memo.get(schema);
    if (known !== undefined) return known;
    seen.add(schema);
    let result = schema[flag] === true;
    if (!result && typeof schema.$ref === "string") result = this.isFlagged(this.resolve(schema.$ref), flag, seen);
    if (!result && Array.isArray(schema.allOf)) result = schema.allOf.some((s) => this.isFlagged(s, flag, seen));
    for (const list of ["oneOf", "anyOf"] as const) {
      const branches = schema[list];
      if (!result && Array.isArray(branches) && branches.length > 0) {
        result = branches.every((s) => this.isFlagged(s, flag, seen));
      }
    }
    memo.set(schema, result);
    return result;
  }

  private resolve(ref: string): unknown {
    if (!ref.startsWith("#")) return undefined;
    return getAt(this.document, parsePointer(ref));
  }

  private get forbiddenFlag(): "readOnly" | "writeOnly" | undefined {
    return this.direction === "request" ? "readOnly" : this.direction === "response" ? "writeOnly" : undefined;
  }

  private get relaxFlags(): ("readOnly" | "writeOnly")[] {
    return this.direction === "request"
      ? ["readOnly"]
      : this.direction === "response"
        ? ["writeOnly"]
        : ["readOnly", "writeOnly"];
  }

  /**
   * Would an object validated by `schema` have a closed set of properties that we should enforce?
   * Not when the schema already says (additionalProperties/unevaluatedProperties), nor for a
   * free-form object that declares no properties at all (a map).
   */
  closable(schema: unknown, seen = new Set<unknown>()): boolean {
    if (!isObject(schema)) return false;
    const known = this.closableMemo.get(schema);
    if (known !== undefined) return known;
    if (seen.has(schema)) return true;
    seen.add(schema);
    let result: boolean;
    if ("additionalProperties" in schema || "unevaluatedProperties" in schema || "propertyNames" in schema) {
      result = false;
    } else if (
      typeof schema.$ref === "string" &&
      (this.version === "3.0" || !hasAny(schema, ["properties", "patternProperties", ...SAME_INSTANCE_LISTS]))
    ) {
      result = this.closable(this.resolve(schema.$ref), seen);
    } else {
      result = hasAny(schema, [
        "properties",
        "patternProperties",
        "discriminator",
        "if",
        "dependentSchemas",
        ...SAME_INSTANCE_LISTS,
      ]);
    }
    this.closableMemo.set(schema, result);
    return result;
  }

  /** A schema in a value position (a property, an item): it starts a new instance, so it can be closed. */
  private child(schema: unknown, at: string | undefined): unknown {
    const out = this.transform(schema, { relaxed: new Set() }, false, false, at);
    if (this.closeObjects && this.closable(schema)) return { allOf: [out], unevaluatedProperties: false };
    return out;
  }

  /**
   * @param base the schema's own content without the dispatch of its discriminator (see refTarget)
   * @param inAllOf the schema is an allOf member: its `$ref` is to a parent it extends
   * @param at the pointer of `schema` in the document, when known: its copy is remembered there
   */
  private transform(
    schema: unknown,
    context: { relaxed: Set<string> },
    base: boolean,
    inAllOf = false,
    at?: string,
  ): Schema | boolean {
    const out = this.transformNode(schema, context, base, inAllOf, at);
    if (at !== undefined && !this.located.has(at)) this.located.set(at, out);
    return out;
  }

  private transformNode(
    schema: unknown,
    context: { relaxed: Set<string> },
    base: boolean,
    inAllOf: boolean,
    at: string | undefined,
  ): Schema | boolean {
    if (typeof schema === "boolean") return schema;
    if (!isObject(schema)) return true;
    const under = (...segments: (string | number)[]) =>
      at === undefined ? undefined : `${at}/${segments.map(escapeSegment).join("/")}`;

    // OAS 3.0.3 §4.7.23 Reference Object: "This object cannot be extended with additional properties
    // and any properties added SHALL be ignored."
    if (typeof schema.$ref === "string" && this.version === "3.0") {
      return { $ref: this.refTarget(schema.$ref, inAllOf) };
    }

    const dispatch = base ? undefined : this.dispatchFor(schema);
    const out: Schema = {};
    /** Checks that keywords the validator does not apply as OpenAPI means them become: added as allOf members. */
    const checks: Schema[] = [];
    for (const [key, value] of Object.entries(schema)) {
      if (DROPPED.has(key) || key.startsWith("x-")) continue;
      if (this.structureOnly && ASSERTIONS.has(key)) continue;
      // A discriminated union taken as the parent of one of its members (`allOf: [$ref: Pet]`
      // inside Cat) contributes its common properties, not the union again.
      if ((dispatch || (base && isObject(schema.discriminator))) && (key === "oneOf" || key === "anyOf")) continue;
      switch (key) {
        case "$ref":
          out.$ref = this.refTarget(value as string, inAllOf);
          break;
        case "allOf": {
          const members = Array.isArray(value) ? value : [];
          // Properties declared by one member and required by another: relax across members.
          const relaxed = new Set([...context.relaxed, ...this.relaxedNames(schema)]);
          out.allOf = members.map((m, i) => this.transform(m, { relaxed }, false, true, under(key, i)));
          break;
        }
        case "anyOf":
        case "oneOf":
          // Structure-only: every branch passes, so oneOf would fail; anyOf collects the
          // properties of every branch.
          out[this.structureOnly ? "anyOf" : key] = Array.isArray(value)
            ? value.map((m, i) => this.transform(m, { relaxed: new Set() }, false, false, under(key, i)))
            : value;
          break;
        case "not":
        case "if":
        case "then":
        case "else":
          out[key] = this.transform(value, { relaxed: new Set() }, false, false, under(key));
          break;
        case "dependentSchemas":
          out[key] = mapValues(value, (s, name) =>
            this.transform(s, { relaxed: new Set() }, false, false, under(key, name)),
          );
          break;
        case "properties":
          out[key] = mapValues(value, (s, name) => this.property(s, under(key, name)));
          break;
        case "items":
          out[key] = Array.isArray(value)
            ? value.map((s, i) => this.child(s, under(key, i)))
            : this.child(value, under(key));
          break;
        case "prefixItems":
          out[key] = Array.isArray(value) ? value.map((s, i) => this.child(s, under(key, i))) : value;
          break;
        case "required": {
          const relaxed = new Set([...context.relaxed, ...this.relaxedNames(schema)]);
          out[key] = Array.isArray(value) ? value.filter((name) => !relaxed.has(name as string)) : value;
          break;
        }
        case "format": {
          out[key] = value;
          const range = typeof value === "string" ? NUMERIC_FORMATS[value] : undefined;
          if (range) {
            checks.push({
              if: { type: "number" },
              // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
              then: { [FORMAT_KEYWORD]: value, type: "integer", ...range },
            });
          }
          break;
        }
        case "pattern":
          if (typeof value === "string" && !compiles(value, "u")) {
            if (!compiles(value, "")) throw new Error(`pattern ${JSON.stringify(value)} is not a regular expression`);
            this.lenientPatterns.add(value);
            checks.push({ format: `${LENIENT_PATTERN_FORMAT}${value}` });
          } else out[key] = value;
          break;
        case "patternProperties":
          for (const pattern of isObject(value) ? Object.keys(value) : []) {
            if (!compiles(pattern, "u"))
              throw new Error(
                `patternProperties: ${JSON.stringify(pattern)} is not a regular expression with the u flag`,
              );
          }
          out[key] = mapValues(value, (s, name) => this.child(s, under(key, name)));
          break;
        default:
          if ((CHILD_SINGLE as readonly string[]).includes(key) && typeof value === "object")
            out[key] = this.child(value, under(key));
          else out[key] = value;
      }
    }

    if (checks.length > 0) out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), ...checks];

    if (dispatch) {
      const { propertyName: name, entries } = dispatch;
      const chosen = (value: string) => ({ properties: { [name]: { enum: [value] } }, required: [name] });
      out.allOf = [
        ...((out.allOf as unknown[] | undefined) ?? []),
        this.structureOnly
          ? { properties: { [name]: true } }
          : { required: [name], properties: { [name]: { enum: entries.map((e) => e.value) } } },
        // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
        ...entries.map((e) => ({ if: chosen(e.value), then: { $ref: this.refTarget(e.ref, false) } })),
      ];
      if (this.structureOnly) {
        // Without a valid discriminator no branch is chosen; a property any branch declares is
        // then not "unknown", only the discriminator is wrong.
        const valid = { required: [name], properties: { [name]: { enum: entries.map((e) => e.value) } } };
        (out.allOf as unknown[]).push({
          if: { not: valid },
          // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
          then: { anyOf: entries.map((e) => ({ $ref: this.refTarget(e.ref, false) })) },
        });
      }
    }

    if (this.version === "3.0" && schema.nullable === true && !this.structureOnly) return nullable(out);
    return out;
  }

  private property(schema: unknown, at: string | undefined): unknown {
    const flag = this.forbiddenFlag;
    // The property's own schema is not copied here: an example written inside it is checked
    // against a copy of its own (see locate).
    if (flag && this.isFlagged(schema, flag)) return this.structureOnly ? true : { [FORBIDDEN_KEYWORD]: flag, not: {} };
    return this.child(schema, at);
  }

  /** Names this schema (with its allOf members) declares as properties that `required` skips in this direction. */
  private relaxedNames(schema: Schema, seen = new Set<unknown>()): string[] {
    if (seen.has(schema)) return [];
    seen.add(schema);
    const names: string[] = [];
    if (isObject(schema.properties)) {
      for (const [name, property] of Object.entries(schema.properties)) {
        if (this.relaxFlags.some((flag) => this.isFlagged(property, flag))) names.push(name);
      }
    }
    const members = [...(Array.isArray(schema.allOf) ? schema.allOf : [])];
    if (typeof schema.$ref === "string") members.push({ $ref: schema.$ref });
    for (const member of members) {
      const resolved = isObject(member) && typeof member.$ref === "string" ? this.resolve(member.$ref) : member;
      if (isObject(resolved)) names.push(...this.relaxedNames(resolved, seen));
    }
    return names;
  }

  /**
   * `$ref` → the URN of its unit. From an allOf member, a schema that dispatches on its own
   * discriminator (the allOf inheritance form) is taken without the dispatch, or the subtype that
   * includes it would dispatch back to itself forever.
   */
  private refTarget(ref: string, fromAllOf: boolean): string {
    if (!ref.startsWith("#")) return ref;
    const target = this.resolve(ref);
    if (target === undefined) throw new Error(`$ref ${ref} does not resolve to anything in the document`);
    const variant = fromAllOf && isObject(target) && this.dispatchFor(target) ? "base" : "";
    return this.unitFor(ref, variant).id;
  }

  /** What the discriminator of `schema` selects from, or undefined when it cannot select (then plain oneOf/anyOf applies). */
  private dispatchFor(schema: Schema): Dispatch | undefined {
    if (!this.dispatchMemo.has(schema)) this.dispatchMemo.set(schema, this.computeDispatch(schema));
    return this.dispatchMemo.get(schema);
  }

  private computeDispatch(schema: Schema): Dispatch | undefined {
    const discriminator = schema.discriminator;
    if (!isObject(discriminator) || typeof discriminator.propertyName !== "string") return undefined;
    const propertyName = discriminator.propertyName;
    const entries: { value: string; ref: string }[] = [];
    const mapping = isObject(discriminator.mapping) ? discriminator.mapping : {};
    for (const [value, target] of Object.entries(mapping)) {
      if (typeof target !== "string") continue;
      entries.push({ value, ref: /[#/.]/.test(target) ? target : `#/components/schemas/${escapeSegment(target)}` });
    }
    const mapped = new Set(entries.map((e) => e.ref));
    const branches = (schema.oneOf ?? schema.anyOf) as unknown;
    if (Array.isArray(branches)) {
      for (const branch of branches) {
        const ref = isObject(branch) ? branch.$ref : undefined;
        if (typeof ref !== "string") return undefined;
        if (mapped.has(ref)) continue;
        const name = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
        if (name === undefined) return undefined;
        entries.push({ value: decodeURIComponent(unescapeSegment(name)), ref });
      }
    } else {
      // allOf inheritance: the subtypes are the component schemas that list this one in allOf.
      const self = this.selfPointer(schema);
      if (!self) return undefined;
      for (const entry of this.subtypes(self)) if (!mapped.has(entry.ref)) entries.push(entry);
    }
    if (entries.length === 0) return undefined;
    return { propertyName, entries };
  }

  private selfPointer(schema: Schema): string | undefined {
    const schemas = getAt(this.document, ["components", "schemas"]);
    if (!isObject(schemas)) return undefined;
    for (const [name, candidate] of Object.entries(schemas)) {
      if (candidate === schema) return `#/components/schemas/${escapeSegment(name)}`;
    }
    return undefined;
  }

  private subtypes(pointer: string): { value: string; ref: string }[] {
    if (!this.subtypeIndexBuilt) {
      this.subtypeIndexBuilt = true;
      const schemas = getAt(this.document, ["components", "schemas"]);
      for (const [name, candidate] of Object.entries(isObject(schemas) ? schemas : {})) {
        if (!isObject(candidate) || !Array.isArray(candidate.allOf)) continue;
        for (const member of candidate.allOf) {
          if (!isObject(member) || typeof member.$ref !== "string") continue;
          const list = this.subtypeIndex.get(member.$ref) ?? [];
          list.push({ value: name, ref: `#/components/schemas/${escapeSegment(name)}` });
          this.subtypeIndex.set(member.$ref, list);
        }
      }
    }
    return this.subtypeIndex.get(pointer) ?? [];
  }
}

/**
 * OAS 3.0 `nullable: true`, as clarified in 3.0.3 (Schema Object, `nullable`; the proposal
 * 2019-10-31-Clarify-Nullable): it adds "null" to the types of a `type` written in the same
 * Schema Object, and only there. Every other keyword keeps its meaning, so an `enum` without null
 * admits no null, and `nullable` without a `type` beside it (beside an `allOf`, say) admits nothing.
 * @see https://spec.openapis.org/oas/v3.0.3#fixed-fields-19
 */
function nullable(schema: Schema): Schema {
  if (typeof schema.type !== "string" && !Array.isArray(schema.type)) return schema;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return { ...schema, type: types.includes("null") ? types : [...types, "null"] };
}

function compiles(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

function hasAny(schema: Schema, keys: readonly string[]): boolean {
  return keys.some((key) => key in schema);
}

function mapValues(value: unknown, fn: (v: unknown, key: string) => unknown): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = fn(v, key);
  return out;
}
