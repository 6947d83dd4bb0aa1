/**
 * Builds, for one direction, the JSON Schemas that Ajv actually compiles: a transformed copy of
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
 * - OAS 3.0 `nullable`, and `$ref` siblings being ignored in 3.0.
 *
 * Every schema reached through a `$ref` becomes its own unit, registered once with Ajv under an
 * opaque URN, so each is compiled once per document and direction however many examples use it.
 */
import { escapeSegment, getAt, isObject, parsePointer, unescapeSegment } from "@ci-artifacts/spec";

export type Direction = "request" | "response" | "none";
export type OpenApiVersion = "3.0" | "3.1";

export const FORBIDDEN_KEYWORD = "x-contract-forbidden";

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
  private readonly formats = new Set<string>();
  private readonly flagMemo = new Map<string, Map<unknown, boolean>>();
  private readonly closableMemo = new Map<unknown, boolean>();
  private readonly subtypeIndex = new Map<string, { value: string; ref: string }[]>();
  private subtypeIndexBuilt = false;
  private readonly dispatchMemo = new Map<Schema, Dispatch | undefined>();
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
    if (original === undefined) {
      throw new Error(`$ref ${pointer} does not resolve to anything in the document`);
    }
    unit.schema = this.transform(original, { relaxed: new Set() }, variant === "base");
    this.pending.push(unit);
    return unit;
  }

  /** Wraps a unit for validating a whole payload: the payload's own value position is closed too. */
  entrySchema(pointer: string): Schema {
    const unit = this.unitFor(pointer);
    const target = getAt(this.document, parsePointer(pointer));
    const ref = { $ref: unit.id };
    return this.closeObjects && this.closable(target)
      ? { allOf: [ref], unevaluatedProperties: false }
      : { allOf: [ref] };
  }

  drain(): Unit[] {
    return this.pending.splice(0);
  }

  drainFormats(): string[] {
    const out = [...this.formats];
    this.formats.clear();
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
  private child(schema: unknown): unknown {
    const out = this.transform(schema, { relaxed: new Set() }, false);
    if (this.closeObjects && this.closable(schema)) return { allOf: [out], unevaluatedProperties: false };
    return out;
  }

  /**
   * @param base the schema's own content without the dispatch of its discriminator (see refTarget)
   * @param inAllOf the schema is an allOf member: its `$ref` is to a parent it extends
   */
  private transform(
    schema: unknown,
    context: { relaxed: Set<string> },
    base: boolean,
    inAllOf = false,
  ): Schema | boolean {
    if (typeof schema === "boolean") return schema;
    if (!isObject(schema)) return true;

    // OAS 3.0.3 §4.7.23 Reference Object: "This object cannot be extended with additional properties
    // and any properties added SHALL be ignored."
    if (typeof schema.$ref === "string" && this.version === "3.0") {
      return { $ref: this.refTarget(schema.$ref, inAllOf) };
    }

    const dispatch = base ? undefined : this.dispatchFor(schema);
    const out: Schema = {};
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
          out.allOf = members.map((m) => this.transform(m, { relaxed }, false, true));
          break;
        }
        case "anyOf":
        case "oneOf":
          // Structure-only: every branch passes, so oneOf would fail; anyOf collects the
          // properties of every branch.
          out[this.structureOnly ? "anyOf" : key] = Array.isArray(value)
            ? value.map((m) => this.transform(m, { relaxed: new Set() }, false))
            : value;
          break;
        case "not":
        case "if":
        case "then":
        case "else":
          out[key] = this.transform(value, { relaxed: new Set() }, false);
          break;
        case "dependentSchemas":
          out[key] = mapValues(value, (s) => this.transform(s, { relaxed: new Set() }, false));
          break;
        case "properties":
          out[key] = mapValues(value, (s) => this.property(s));
          break;
        case "patternProperties":
          out[key] = mapValues(value, (s) => this.child(s));
          break;
        case "items":
          out[key] = Array.isArray(value) ? value.map((s) => this.child(s)) : this.child(value);
          break;
        case "prefixItems":
          out[key] = Array.isArray(value) ? value.map((s) => this.child(s)) : value;
          break;
        case "required": {
          const relaxed = new Set([...context.relaxed, ...this.relaxedNames(schema)]);
          out[key] = Array.isArray(value) ? value.filter((name) => !relaxed.has(name as string)) : value;
          break;
        }
        case "format":
          if (typeof value === "string") this.formats.add(value);
          out[key] = value;
          break;
        default:
          if ((CHILD_SINGLE as readonly string[]).includes(key) && typeof value === "object")
            out[key] = this.child(value);
          else out[key] = value;
      }
    }

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

  private property(schema: unknown): unknown {
    const flag = this.forbiddenFlag;
    if (flag && this.isFlagged(schema, flag)) return this.structureOnly ? true : { [FORBIDDEN_KEYWORD]: flag };
    return this.child(schema);
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

/** OAS 3.0 `nullable: true`: null is allowed as well as what the schema allows. */
function nullable(schema: Schema): Schema {
  if (typeof schema.type === "string" || Array.isArray(schema.type)) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const out: Schema = { ...schema, type: types.includes("null") ? types : [...types, "null"] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
    return out;
  }
  // if/else rather than anyOf, so that a wrong object reports its own errors, not also "must be null".
  return { if: { type: "null" }, else: schema };
}

function hasAny(schema: Schema, keys: readonly string[]): boolean {
  return keys.some((key) => key in schema);
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = fn(v);
  return out;
}
