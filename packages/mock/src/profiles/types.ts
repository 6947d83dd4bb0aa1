/**
 * What the twin knows by hand about one API: how its data is shaped and seeded, what each
 * operation does to it, and how the vendor words errors and rate limits. Everything else (routes,
 * parameters, validation, examples) is read from the description.
 */
import type { ApiDocument } from "../document/load.js";
import type { TwinResponse } from "../http/response.js";
import type { Random } from "../random.js";
import type { Spend } from "../rate-limit/index.js";
import type { Content } from "../storage/content.js";
import type { ParameterValues } from "../validate/parameters.js";
import type { Violation } from "../validate/types.js";

/** Where data was read from, so a problem is named by file, line and JSON pointer. */
export interface DataSource {
  /** A file name, or `data` for data given in code. */
  file: string;
  /** The line and column of the node at a JSON pointer, when the source is a file. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(
      `${file}${line === undefined ? "" : `:${line}:${column}`}: ${pointer === "" ? "(the data)" : pointer}: ${problem}`,
    );
    this.name = "DataError";
  }
}

export interface SeedOptions {
  seed: number;
  artifacts: number;
}

/** One answer of an operation's handler. */
export interface HandlerContext<State> {
  doc: ApiDocument;
  operationId: string;
  state: State;
  values: ParameterValues;
  body: unknown;
  /** The URL as asked: the twin's origin as the client named it, the path and query it sent. */
  url: URL;
  /** The origin and base path the client used: the root of every URL the answer gives. */
  base: string;
  /** A presigned URL for a stored file on the storage origin. */
  presign(path: string): string;
  now(): number;
  random: Random;
  /**
   * `value` without the properties its success answer may not carry (writeOnly, such as a BASIC
   * password), found by the engine as the contract kit finds them: nested objects are cleaned in place.
   */
  answer<T>(value: T): T;
}

export type Handler<State> = (context: HandlerContext<State>) => TwinResponse;

export interface StoredFile {
  content: Content;
  contentType: string;
  /** The name to offer when saving it. */
  filename: string;
}

export interface Profile<State, Data, Where> {
  /** By operationId. An operation of the description without one answers its first example. */
  handlers: Readonly<Record<string, Handler<State>>>;
  /** The budgets when none are given: small windows, so a client honouring a 429 waits a second at most. */
  rateLimit: { limit: number; userLimit?: number };
  /** The data the seed makes: built from the description's examples and schemas. */
  seed(doc: ApiDocument, options: SeedOptions, where: Where | undefined): Data;
  /** Reads data (seeded, from a file or from code), refusing what the description does not allow. */
  load(doc: ApiDocument, data: unknown, source: DataSource, random: Random): State;
  /** The state as data in the form `load` reads, every URL on `base`. */
  snapshot(state: State, base: string): Data;
  /** A file on the storage route, by the path the presigned URL names. */
  file(state: State, path: string): StoredFile | undefined;
  /** The vendor's error body. */
  error(status: number, message: string, violations?: readonly Violation[]): unknown;
  /** The vendor's rate-limit headers, sent on every answer. */
  rateLimitHeaders(spend: Spend): Record<string, string>;
  /** The vendor's 429. */
  rateLimited(spend: Spend): TwinResponse;
  /** One line for the banner: what data the twin holds. */
  describe(data: Data): string;
  /** A path to try first, with the data's own ids: the banner's curl line and the README's. */
  samplePath(data: Data): string;
}
