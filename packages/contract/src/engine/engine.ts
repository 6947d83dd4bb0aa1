import { escapeSegment, getAt, isObject, parsePointer } from "@ci-artifacts/spec";
import type { AnySchema, ErrorObject, ValidateFunction } from "ajv";
import Ajv2020Module from "ajv/dist/2020.js";
import { str } from "ajv/dist/compile/codegen/index.js";
import unevaluatedModule from "ajv/dist/vocabularies/unevaluated/index.js";
import AjvDraft04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { type Direction, FORBIDDEN_KEYWORD, type OpenApiVersion, ShadowBuilder } from "./shadow.js";

// CommonJS modules with `exports.default`: Node's ESM loader gives the whole `module.exports` as
// the default import, bundlers and vitest give `exports.default`. Accept both.
function interop<T>(module: T | { default: T }): T {
  const inner = (module as { default?: T }).default;
  return inner ?? (module as T);
}
const Ajv2020 = interop(Ajv2020Module);
const AjvDraft04 = interop(AjvDraft04Module);
const addFormats = interop(addFormatsModule);
const unevaluatedVocabulary = interop(unevaluatedModule);

/**
 * int64 as a range: ajv-formats accepts any integer here. A JSON number near 2^63 is already
 * rounded by JSON.parse (9223372036854775807 reads as 2^63), so 2^63 itself is let through.
 */
const INT64_LIMIT = 2 ** 63;
const int64 = {
  type: "number" as const,
  validate: (n: number) => Number.isInteger(n) && n >= -INT64_LIMIT && n <= INT64_LIMIT,
};
type AjvInstance = InstanceType<typeof Ajv2020> | InstanceType<typeof AjvDraft04>;

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

/** A schema that Ajv cannot compile: a bad pattern, an unresolvable $ref. */
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
   * Fail on an object property that the schema does not declare, unless the schema allows extra
   * properties (`additionalProperties`/`unevaluatedProperties` other than false). Default true.
   */
  unknownProperties?: boolean;
}

export type PayloadValidator = (value: unknown) => PayloadError[];

/**
 * OpenAPI patterns are ECMA-262 regular expressions, and many written for JavaScript without the
 * `u` flag (`^[\w-.]+$`) are syntax errors with it; such a pattern is compiled without the flag
 * rather than failing its whole schema.
 */
const lenientRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    try {
      return new RegExp(pattern, flags);
    } catch {
      return new RegExp(pattern, flags.replace("u", ""));
    }
  },
  { code: "new RegExp" },
);

/** Siblings of a 3.1 `$ref` that do not change what it validates. */
const ANNOTATIONS = new Set(["description", "summary", "title", "deprecated", "example", "examples", "$comment"]);

interface DirectionState {
  ajv: AjvInstance;
  shadow: ShadowBuilder;
  validators: Map<string, PayloadValidator>;
}

/**
 * Validates values against the schemas of one OpenAPI document. Each schema is compiled once per
 * direction and reused; nothing in the document is changed.
 */
export class ContractEngine {
  private readonly states = new Map<string, DirectionState>();

  constructor(
    readonly document: unknown,
    readonly version: OpenApiVersion,
    private readonly options: EngineOptions = {},
  ) {}

  /** A validator for the schema at `schemaPointer` (`#/components/schemas/Artifact`, or any media-type schema), compiled on first use. */
  compile(requested: string, direction: Direction): PayloadValidator {
    const full = this.state(direction, false);
    const cached = full.validators.get(requested);
    if (cached) return cached;
    // Bodies that only $ref a component share that component's validator.
    const schemaPointer = this.followRefs(requested);
    const known = full.validators.get(schemaPointer);
    if (known) {
      full.validators.set(requested, known);
      return known;
    }
    const validate = this.compileIn(full, schemaPointer);
    let structure: ValidateFunction | undefined;
    const validator: PayloadValidator = (value) => {
      if (validate(value)) return [];
      const errors = normalize(validate.errors ?? []);
      if (this.options.unknownProperties === false) return errors;
      return combine(errors, () => {
        structure ??= this.compileIn(this.state(direction, true), schemaPointer);
        return structure(value) ? [] : normalize(structure.errors ?? []);
      });
    };
    full.validators.set(schemaPointer, validator);
    full.validators.set(requested, validator);
    return validator;
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

  private compileIn(state: DirectionState, schemaPointer: string): ValidateFunction {
    try {
      const entry = state.shadow.entrySchema(schemaPointer);
      this.register(state);
      return state.ajv.compile(entry as AnySchema);
    } catch (error) {
      throw new SchemaError((error as Error).message, schemaPointer);
    }
  }

  validatePayload(schemaPointer: string, value: unknown, direction: Direction): PayloadError[] {
    return this.compile(schemaPointer, direction)(value);
  }

  private register(state: DirectionState): void {
    for (const unit of state.shadow.drain()) state.ajv.addSchema(unit.schema as AnySchema, unit.id);
    for (const format of state.shadow.drainFormats()) {
      // A format Ajv does not know (sha1, byte-size, ...) only annotates: accept any value.
      if (!(format in state.ajv.formats)) state.ajv.addFormat(format, true);
    }
  }

  private state(direction: Direction, structureOnly: boolean): DirectionState {
    const key = `${direction}${structureOnly ? ":structure" : ""}`;
    let state = this.states.get(key);
    if (!state) {
      const closeObjects = this.options.unknownProperties ?? true;
      state = {
        ajv: this.createAjv(),
        shadow: new ShadowBuilder(this.document, this.version, direction, { closeObjects, structureOnly }),
        validators: new Map(),
      };
      this.states.set(key, state);
    }
    return state;
  }

  private createAjv(): AjvInstance {
    const options = {
      strict: false,
      allErrors: true,
      verbose: true,
      validateSchema: false,
      addUsedSchema: false,
      logger: false as const,
      // Measured on GitHub's description (~4,000 schemas to compile): each referenced schema is
      // its own unit compiled once, so inlining it into every user only multiplies the code, and
      // Ajv's name optimiser costs more compile time than it saves at run time here.
      inlineRefs: false,
      code: { optimize: false, regExp: lenientRegExp },
    };
    let ajv: AjvInstance;
    if (this.version === "3.0") {
      // OAS 3.0 schemas are an extended subset of JSON Schema draft-04 (exclusiveMinimum is a
      // boolean there). unevaluatedProperties is not a draft-04 keyword, but the transformed copy
      // uses it to find unknown properties, so the vocabulary is added.
      ajv = new AjvDraft04({ ...options, unevaluated: true });
      ajv.addVocabulary(unevaluatedVocabulary);
    } else {
      ajv = new Ajv2020(options);
    }
    addFormats(ajv);
    ajv.addFormat("int64", int64);
    ajv.addKeyword({
      keyword: FORBIDDEN_KEYWORD,
      schemaType: "string",
      error: {
        message: ({ schema }) =>
          schema === "readOnly"
            ? str`is readOnly: it may appear in a response, not in a request`
            : str`is writeOnly: it may appear in a request, not in a response`,
      },
      code: (cxt) => cxt.fail(),
    });
    return ajv;
  }
}

/** Keywords whose own error only summarises the errors of their subschemas. */
const SUMMARIES = new Set(["if", "oneOf", "anyOf", "allOf", "$ref"]);

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

/**
 * Ajv errors → one error per problem, pointing at the property concerned (a missing or unknown
 * property is named in the pointer), with the value found.
 */
export function normalize(errors: readonly ErrorObject[]): PayloadError[] {
  const out: PayloadError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    let instancePath = error.instancePath;
    let value: unknown = error.data;
    let message = error.message ?? error.keyword;
    const params = error.params as Record<string, unknown>;
    const member = (name: unknown) => {
      instancePath += `/${escapeSegment(String(name))}`;
      value = isObject(error.data) ? error.data[String(name)] : undefined;
    };
    switch (error.keyword) {
      case "required":
        member(params.missingProperty);
        message = "is required but missing";
        break;
      case "unevaluatedProperties":
        member(params.unevaluatedProperty);
        message = "is not a property the schema declares";
        break;
      case "additionalProperties":
        member(params.additionalProperty);
        message = "is not a property the schema allows (additionalProperties is false)";
        break;
      case "enum":
        message = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
        break;
      case "const":
        message = `must be ${JSON.stringify(params.allowedValue)}`;
        break;
      default:
        break;
    }
    const key = `${instancePath}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ instancePath, keyword: error.keyword, message, value, schemaPath: error.schemaPath });
  }
  return out;
}
