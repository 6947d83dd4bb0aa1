import { resolve } from "node:path";
import {
  escapeSegment,
  findOperation,
  follow,
  getAt,
  InputError,
  isObject,
  loadSourceFile,
  type Position,
  parsePointer,
  type SourceFile,
} from "@ci-artifacts/spec";
import { type CompileOptions, ContractEngine, type EngineOptions, type PayloadError, SchemaError } from "./engine.js";
import {
  type Collected,
  type CoverageGap,
  collectExamples,
  type ExampleCase,
  OPERATION_ROOTS,
  type SkippedExample,
} from "./examples.js";
import { hasExternalRefs, type MountedSource, mountFiles } from "./mount.js";
import type { Direction, OpenApiVersion } from "./shadow.js";
import type { SourceResolver } from "./source-map.js";

export interface ContractOptions extends EngineOptions {
  /**
   * Maps a pointer in the document to where it was written, for a bundle made from several
   * files (see `multiFileSourceResolver`). Without it, or where it finds nothing, positions are
   * in the document itself.
   */
  sourceResolver?: SourceResolver;
}

export interface ExampleResult {
  example: ExampleCase;
  /** The example's pointer as shown to people: `file#/pointer` when it lives in another file of the description. */
  examplePointer: string;
  /** Empty when the example is valid. */
  errors: PayloadError[];
  /** Set when the schema itself could not be compiled (then `errors` is empty). */
  schemaError?: string;
  /** Where the first problem was written (the failing value, or the example). */
  location?: Position;
}

export interface CheckReport {
  /** Examples validated (those in `failures` included); every example is either checked or skipped. */
  checked: number;
  failures: ExampleResult[];
  gaps: CoverageGap[];
  /** Examples not validated, each with its reason: no schema, an unsupported media type, a schema that does not compile, ... */
  skipped: SkippedExample[];
}

/** One OpenAPI 3.0/3.1 document: its examples, and validation of any value against its schemas. */
export class Contract {
  readonly version: OpenApiVersion;
  readonly engine: ContractEngine;
  private collected?: Collected;
  /** Positions found by `locateAll`, which `locate` answers from. */
  private readonly positions = new Map<string, Position | undefined>();

  /**
   * Loads a JSON or YAML description. One split into files is read whole: files reached through
   * external `$ref`s are named relative to `displayBase` (default: the working directory).
   */
  static load(path: string, options: ContractOptions & { displayName?: string; displayBase?: string } = {}): Contract {
    const source = loadSourceFile(path, options.displayName ?? path);
    if (!hasExternalRefs(source.data)) return new Contract(source, options);
    return new Contract(mountFiles(source, resolve(path), options.displayBase ?? process.cwd()), options);
  }

  /** A description already in memory (a parsed bundle, say). Positions are unknown; pointers name every failure. */
  static fromDocument(document: unknown, options: ContractOptions & { name?: string } = {}): Contract {
    return new Contract({ file: options.name ?? "<document>", data: document, locate: () => undefined }, options);
  }

  constructor(
    readonly source: SourceFile,
    private readonly options: ContractOptions = {},
  ) {
    this.version = detectVersion(source);
    this.engine = new ContractEngine(source.data, this.version, options);
  }

  get document(): unknown {
    return this.source.data;
  }

  examples(): ExampleCase[] {
    return this.collect().cases;
  }

  /** Request bodies and responses that have content but no example. */
  coverage(): CoverageGap[] {
    return this.collect().gaps;
  }

  /** Examples found but not checkable as written (no schema, an unsupported media type, no value); see also `check()`. */
  skipped(): SkippedExample[] {
    return this.collect().skipped;
  }

  /**
   * Validates `value` against the schema at `schemaRef` (a JSON pointer such as
   * `#/components/schemas/Artifact`, or one from `bodySchema`) as it travels in `direction`;
   * `options.strict` overrides the contract's own. Throws SchemaError when the schema cannot be
   * compiled.
   */
  validatePayload(schemaRef: string, value: unknown, direction: Direction, options?: CompileOptions): PayloadError[] {
    return this.engine.validatePayload(schemaRef, value, direction, options);
  }

  validateExample(example: ExampleCase): ExampleResult {
    const { result, where } = this.evaluate(example);
    if (where !== undefined) result.location = this.locate(where);
    return result;
  }

  /** Validates every example; one whose schema cannot be used is skipped, with the reason. */
  check(options: { coverage?: boolean } = {}): CheckReport {
    const failures: { result: ExampleResult; where: string }[] = [];
    const skipped = [...this.skipped()];
    let checked = 0;
    for (const example of this.examples()) {
      const { result, where } = this.evaluate(example);
      if (result.schemaError !== undefined) {
        skipped.push({
          name: example.name,
          pointer: example.pointer,
          reason: `schema does not compile: ${result.schemaError}`,
        });
        continue;
      }
      checked++;
      if (where !== undefined) failures.push({ result, where });
    }
    const gaps = options.coverage ? this.coverage() : [];
    // Positions for every line the report will print, in one pass over the text.
    const positions = this.locateAll([
      ...failures.map((f) => f.where),
      ...skipped.map((s) => s.pointer),
      ...gaps.map((g) => g.pointer),
    ]);
    failures.forEach((failure, i) => {
      failure.result.location = positions[i];
    });
    return { checked, failures: failures.map((f) => f.result), gaps, skipped };
  }

  /** The result of an example, and the pointer of the first problem (to locate) when there is one. */
  private evaluate(example: ExampleCase): { result: ExampleResult; where: string | undefined } {
    const examplePointer = this.describe(example.pointer);
    let errors: PayloadError[];
    try {
      errors = this.validatePayload(example.schemaPointer, example.value, example.direction, {
        within: example.schemaRoot,
      });
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      const schemaError = `schema ${this.describe(error.schemaPointer)}: ${error.message.slice(`schema ${error.schemaPointer}: `.length)}`;
      return { result: { example, examplePointer, errors: [], schemaError }, where: error.schemaPointer };
    }
    if (errors.length === 0) return { result: { example, examplePointer, errors }, where: undefined };
    return { result: { example, examplePointer, errors }, where: example.pointer + errors[0]!.instancePath };
  }

  /** `pointer` as shown to people: in a description split into files, `file#/pointer`. */
  describe(pointer: string): string {
    return (this.source as Partial<MountedSource>).describe?.(pointer) ?? pointer;
  }

  /** Where the node at `pointer` was written: in the sources when a resolver knows, else in this document. */
  locate(pointer: string): Position | undefined {
    const resolved = this.options.sourceResolver?.(pointer);
    if (resolved) return resolved;
    return this.positions.has(pointer) ? this.positions.get(pointer) : this.source.locate(pointer);
  }

  /** `locate` for many pointers, in one pass over the document's text where its source can. */
  locateAll(pointers: readonly string[]): (Position | undefined)[] {
    const resolved = pointers.map((pointer) => this.options.sourceResolver?.(pointer));
    const rest = [...new Set(pointers.filter((pointer, i) => !resolved[i] && !this.positions.has(pointer)))];
    if (rest.length > 0) {
      const found = this.source.locateAll?.(rest) ?? rest.map((pointer) => this.source.locate(pointer));
      rest.forEach((pointer, i) => {
        this.positions.set(pointer, found[i]);
      });
    }
    return pointers.map((pointer, i) => resolved[i] ?? this.positions.get(pointer));
  }

  /**
   * The pointer of the schema of an operation's request body (`kind: 'request'`) or of one of its
   * responses (`kind: '200'`, `'4XX'`, `'default'`), for the given media type or the first JSON one.
   */
  bodySchema(operationId: string, kind: string, mediaType?: string): string {
    const operation = findOperation(this.document, operationId, OPERATION_ROOTS);
    if (!operation) throw new Error(`no operation with operationId ${operationId}`);
    const holder = follow(
      this.document,
      kind === "request" ? `${operation.pointer}/requestBody` : `${operation.pointer}/responses/${escapeSegment(kind)}`,
    );
    const content = getAt(this.document, [...parsePointer(holder), "content"]);
    if (!isObject(content)) throw new Error(`${operationId} ${kind} has no body`);
    const chosen = mediaType ?? Object.keys(content).find((m) => /json/i.test(m)) ?? Object.keys(content)[0];
    if (chosen === undefined || !isObject(content[chosen]))
      throw new Error(`${operationId} ${kind} has no ${mediaType ?? "body"}`);
    return `${holder}/content/${escapeSegment(chosen)}/schema`;
  }

  private collect(): Collected {
    this.collected ??= collectExamples(this.document);
    return this.collected;
  }
}

function detectVersion(source: SourceFile): OpenApiVersion {
  const data = source.data;
  // Positions are only looked up on failure: for JSON input that costs a YAML parse.
  const fail = (message: string) => {
    const where = source.locate("#/openapi");
    return new InputError(message, source.file, where?.line, where?.column);
  };
  if (!isObject(data))
    throw new InputError("not an OpenAPI document: the top level is not an object", source.file, 1, 1);
  if (typeof data.swagger === "string") {
    const at = source.locate("#/swagger");
    throw new InputError(
      `Swagger ${data.swagger} is not supported: give an OpenAPI 3.0 or 3.1 document`,
      source.file,
      at?.line,
      at?.column,
    );
  }
  const version = data.openapi;
  if (typeof version !== "string")
    throw new InputError("not an OpenAPI document: no `openapi` version field", source.file, 1, 1);
  if (/^3\.0\.\d+/.test(version)) return "3.0";
  // 3.2 keeps 3.1's Schema Object (JSON Schema 2020-12).
  if (/^3\.[12]\.\d+/.test(version)) return "3.1";
  throw fail(`OpenAPI ${version} is not supported: give an OpenAPI 3.0 or 3.1 document`);
}

/** One line stays readable; the first errors are the ones to fix first anyway. */
const MAX_ERRORS_SHOWN = 5;

/** `file:line:col: name: /path message (found value); ... [example #/pointer]` */
export function formatFailure(result: ExampleResult, namePrefix = ""): string {
  const where = result.location
    ? `${result.location.file}:${result.location.line}:${result.location.column}`
    : "(unknown position)";
  const name = `${namePrefix}${result.example.name}`;
  if (result.schemaError) return `${where}: ${name}: ${result.schemaError}`;
  const shown = result.errors
    .slice(0, MAX_ERRORS_SHOWN)
    .map((e) => `${e.instancePath || "(root)"} ${e.message} (found ${show(e.value)})`);
  const more = result.errors.length - MAX_ERRORS_SHOWN;
  const problems = shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
  return `${where}: ${name}: ${problems} [example ${result.examplePointer}]`;
}

export function formatGap(gap: CoverageGap, contract: Contract, namePrefix = ""): string {
  return `${position(contract, gap.pointer)}: ${namePrefix}${gap.operation} ${gap.kind}: ${gap.message} [${contract.describe(gap.pointer)}]`;
}

/** `file:line:col: name: skipped, reason [#/pointer]` */
export function formatSkipped(skipped: SkippedExample, contract: Contract, namePrefix = ""): string {
  return `${position(contract, skipped.pointer)}: ${namePrefix}${skipped.name}: skipped, ${skipped.reason} [${contract.describe(skipped.pointer)}]`;
}

function position(contract: Contract, pointer: string): string {
  const at = contract.locate(pointer);
  return at ? `${at.file}:${at.line}:${at.column}` : "(unknown position)";
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
