/**
 * Validates values against the schemas of one OpenAPI document, through the transformed copies
 * of shadow.ts, with @cfworker/json-schema: an interpreting validator, which walks schema and
 * value together and compiles nothing. A check of every example uses each schema for one or two
 * values, so generating and compiling code per schema (Ajv) cost more than it ever saved: on
 * GitHub's description, about half of the run.
 */

import { type Schema as CfSchema, format, validate } from "@cfworker/json-schema";
import { getAt, isObject, parsePointer } from "@ci-artifacts/spec";
import { combine, type PayloadError, translate } from "./errors.js";
import { type Direction, LENIENT_PATTERN_FORMAT, type OpenApiVersion, ShadowBuilder } from "./shadow.js";

export type { PayloadError } from "./errors.js";

/** A schema that cannot be used: an unresolvable $ref, a pattern that is no regular expression. */
export class SchemaError extends Error {
  constructor(
    message: string,
    readonly schemaPointer: string,
  ) {
    super(`schema ${schemaPointer}: ${message}`);
    this.name = "SchemaError";
  }
}

export interface EngineOptions {
  /**
   * Report an object property that the schema does not declare, where the schema says nothing
   * about extra properties. Off by default: in OpenAPI, as in JSON Schema, a schema that does not
   * close itself (`additionalProperties: false`, `unevaluatedProperties: false`) admits them.
   */
  strict?: boolean;
}

/** Per call: `strict` overrides the engine's; `within` names the schema that holds the one to validate. */
export interface CompileOptions {
  strict?: boolean;
  /**
   * The whole schema (a component, a media type's schema) that contains the one at the pointer:
   * the sub-schema is then validated with its part of that schema's transformed copy, made once
   * per direction, rather than with a copy of its own.
   */
  within?: string;
}

export type PayloadValidator = (value: unknown) => PayloadError[];

/** Siblings of a 3.1 `$ref` that do not change what it validates. */
const ANNOTATIONS = new Set(["description", "summary", "title", "deprecated", "example", "examples", "$comment"]);

type Lookup = Record<string, CfSchema | boolean>;

interface DirectionState {
  shadow: ShadowBuilder;
  /** Every registered unit and sub-schema by URI, as the validator resolves `$ref`s. */
  lookup: Lookup;
  validators: Map<string, PayloadValidator>;
}

/**
 * A pattern written for JavaScript without the `u` flag, as a format of the validator's table
 * (it compiles `pattern` with the flag). The names carry a prefix no registered format uses.
 */
function registerLenientPattern(pattern: string): void {
  const name = `${LENIENT_PATTERN_FORMAT}${pattern}`;
  if (format[name]) return;
  const regExp = new RegExp(pattern);
  format[name] = (value) => regExp.test(value);
}

/**
 * Validates values against the schemas of one OpenAPI document. Each schema is transformed once
 * per direction and reused; nothing in the document is changed.
 */
export class ContractEngine {
  private readonly states = new Map<string, DirectionState>();
  private readonly draft: "4" | "2020-12";

  constructor(
    readonly document: unknown,
    readonly version: OpenApiVersion,
    private readonly options: EngineOptions = {},
  ) {
    // OAS 3.0 schemas are an extended subset of JSON Schema draft-04 (exclusiveMinimum is a
    // boolean there, a $ref's siblings are ignored); 3.1 (and 3.2) use 2020-12.
    this.draft = version === "3.0" ? "4" : "2020-12";
  }

  /** A validator for the schema at `requested` (`#/components/schemas/Artifact`, or any media-type schema), made on first use. */
  compile(requested: string, direction: Direction, options: CompileOptions = {}): PayloadValidator {
    const strict = options.strict ?? this.options.strict ?? false;
    const full = this.state(direction, strict, false);
    const cached = full.validators.get(requested);
    if (cached) return cached;
    // Bodies that only $ref a component share that component's validator.
    const schemaPointer = this.followRefs(requested);
    const known = full.validators.get(schemaPointer);
    if (known) {
      full.validators.set(requested, known);
      return known;
    }
    const within = schemaPointer === requested ? options.within : undefined;
    const schema = this.schemaIn(full, schemaPointer, within);
    let structure: { state: DirectionState; schema: CfSchema | boolean } | undefined;
    const validator: PayloadValidator = (value) => {
      const errors = this.run(full, schema, value, schemaPointer);
      if (!strict || errors.length === 0) return errors;
      return combine(errors, () => {
        if (!structure) {
          const state = this.state(direction, true, true);
          structure = { state, schema: this.schemaIn(state, schemaPointer, within) };
        }
        return this.run(structure.state, structure.schema, value, schemaPointer);
      });
    };
    full.validators.set(schemaPointer, validator);
    full.validators.set(requested, validator);
    return validator;
  }

  validatePayload(
    schemaPointer: string,
    value: unknown,
    direction: Direction,
    options: CompileOptions = {},
  ): PayloadError[] {
    return this.compile(schemaPointer, direction, options)(value);
  }

  private run(
    state: DirectionState,
    schema: CfSchema | boolean,
    value: unknown,
    schemaPointer: string,
  ): PayloadError[] {
    let result: ReturnType<typeof validate>;
    try {
      result = validate(value, schema, this.draft, state.lookup, false);
    } catch (error) {
      // The validator compiles `patternProperties` keys as it meets them.
      throw new SchemaError((error as Error).message, schemaPointer);
    }
    return result.valid ? [] : translate(result.errors, value, schema, state.lookup);
  }

  /** A schema that is nothing but a `$ref` (3.0: whatever its siblings) is the schema it names. */
  private followRefs(pointer: string): string {
    const seen = new Set<string>();
    for (;;) {
      const node = getAt(this.document, parsePointer(pointer));
      if (!isObject(node) || typeof node.$ref !== "string" || !node.$ref.startsWith("#") || seen.has(pointer))
        return pointer;
      if (this.version === "3.1" && Object.keys(node).some((k) => k !== "$ref" && !ANNOTATIONS.has(k))) return pointer;
      seen.add(pointer);
      pointer = node.$ref;
    }
  }

  /** The transformed schema that validates a value against the schema at `schemaPointer`. */
  private schemaIn(state: DirectionState, schemaPointer: string, within: string | undefined): CfSchema | boolean {
    try {
      let schema: CfSchema | boolean | undefined;
      if (within !== undefined && within !== schemaPointer) {
        try {
          const copy = state.shadow.locate(schemaPointer, within);
          if (copy !== undefined) schema = state.shadow.wrap(copy, schemaPointer) as CfSchema | boolean;
        } catch {
          // The schema around it cannot be used (a $ref elsewhere in it is broken): the
          // sub-schema may still be, on its own.
        }
      }
      if (schema === undefined) {
        const entry = state.shadow.entry(schemaPointer);
        schema = "id" in entry ? { $ref: entry.id } : (entry.schema as CfSchema);
      }
      this.register(state);
      return schema;
    } catch (error) {
      throw new SchemaError((error as Error).message, schemaPointer);
    }
  }

  private register(state: DirectionState): void {
    // Every `$ref` of a transformed copy is a unit's absolute URN, and the copies carry no `$id` or
    // `$anchor`: the validator finds each unit by its URN, with nothing to dereference.
    for (const unit of state.shadow.drain()) state.lookup[unit.id] = unit.schema as CfSchema | boolean;
    for (const pattern of state.shadow.drainLenientPatterns()) registerLenientPattern(pattern);
  }

  private state(direction: Direction, strict: boolean, structureOnly: boolean): DirectionState {
    const key = `${direction}${strict ? ":strict" : ""}${structureOnly ? ":structure" : ""}`;
    let state = this.states.get(key);
    if (!state) {
      state = {
        shadow: new ShadowBuilder(this.document, this.version, direction, { closeObjects: strict, structureOnly }),
        lookup: Object.create(null) as Lookup,
        validators: new Map(),
      };
      this.states.set(key, state);
    }
    return state;
  }
}
