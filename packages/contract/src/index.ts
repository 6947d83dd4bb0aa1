/**
 * Validates bodies against the contract of the Buddy.works and Buildkite artifact APIs (the bundles
 * of @ci-artifacts/openapi) with the contract engine: readOnly/writeOnly enforced by direction,
 * unknown properties admitted as OpenAPI admits them unless `strict`, and a status the operation
 * does not declare made visible.
 */
import { createRequire } from "node:module";
import { type Operation, operations, selectResponse } from "@ci-artifacts/spec";
import { Contract, type PayloadError } from "./engine/index.js";
import { APIS, type Operations } from "./generated/operations.js";

export { APIS, type Operations } from "./generated/operations.js";
export type Api = (typeof APIS)[number];

/** The operationIds of `api`, such as `"listBuildArtifacts"`. */
export type OperationId<A extends Api> = keyof Operations[A] & string;

/** The operations of `api` that take a request body. */
export type RequestOperationId<A extends Api> = {
  [Id in OperationId<A>]: Operations[A][Id] extends { request: true } ? Id : never;
}[OperationId<A>];

export interface ContractError {
  /** JSON pointer (RFC 6901) into the body: `""` for the body itself, `/0/state` for a nested value. */
  pointer: string;
  message: string;
  /**
   * The JSON Schema keyword that failed, or `x-contract-forbidden` for a readOnly/writeOnly
   * property in the wrong direction, `x-contract-body` for a body that is missing or not expected,
   * `x-contract-status` for a status the operation does not declare.
   */
  keyword: string;
  /** What was found at `pointer` (undefined when it is missing). */
  value?: unknown;
}

export interface ValidationResult {
  valid: boolean;
  errors: ContractError[];
}

export interface ResponseValidationResult extends ValidationResult {
  /** The response the status selected, as the operation names it (`"200"`, `"2XX"`, `"default"`); undefined when none covers it. */
  response: string | undefined;
  /** The operation declares no response for this status, by its code or its range: only `default` covers it, or nothing does. */
  undeclared: boolean;
}

export interface ValidateOptions {
  /**
   * Also report a property that the schema does not declare, where the schema says nothing about
   * extra properties. Off by default, as in OpenAPI: a field the vendor adds is not a breach.
   */
  strict?: boolean;
}

export interface ResponseOptions extends ValidateOptions {
  /**
   * Accept a 2xx status that the operation does not declare when `default` covers it. Off by
   * default: an undeclared success is reported (keyword `x-contract-status`), since `default`
   * usually describes errors.
   */
  allowDefault?: boolean;
}

const require = createRequire(import.meta.url);
const BODY_KEYWORD = "x-contract-body";
const STATUS_KEYWORD = "x-contract-status";
interface Loaded {
  contract: Contract;
  operations: Map<string, Operation>;
  schemas: Map<string, string | null>;
}

const loaded = new Map<Api, Loaded>();

function load(api: Api): Loaded {
  let entry = loaded.get(api);
  if (!entry) {
    const file = require.resolve(`@ci-artifacts/openapi/${api}.json`);
    const contract = Contract.load(file);
    const byId = operations(contract.document).flatMap((o) => (o.operationId ? [[o.operationId, o] as const] : []));
    entry = { contract, operations: new Map(byId), schemas: new Map() };
    loaded.set(api, entry);
  }
  return entry;
}

/** `GET /workspaces/{workspace}/artifacts`, for messages. */
const labelOf = (operation: Operation) => `${operation.method.toUpperCase()} ${operation.path}`;

function operationOf(api: Api, operationId: string): { entry: Loaded; operation: Operation } {
  if (!(APIS as readonly string[]).includes(api)) {
    throw new TypeError(`unknown API ${JSON.stringify(api)}: expected one of ${APIS.join(", ")}`);
  }
  const entry = load(api);
  const operation = entry.operations.get(operationId);
  if (!operation) {
    throw new TypeError(
      `${api} has no operation ${JSON.stringify(operationId)}: expected one of ${[...entry.operations.keys()].join(", ")}`,
    );
  }
  return { entry, operation };
}

/** The schema pointer of a request (`kind` "request") or response body; null when it declares none. */
function schemaOf(entry: Loaded, operationId: string, kind: string): string | null {
  const key = `${operationId} ${kind}`;
  let pointer = entry.schemas.get(key);
  if (pointer === undefined) {
    try {
      pointer = entry.contract.bodySchema(operationId, kind);
    } catch {
      // bodySchema throws for a request body or response without content: nothing to validate.
      pointer = null;
    }
    entry.schemas.set(key, pointer);
  }
  return pointer;
}

function bodyError(message: string, value?: unknown): ContractError {
  return { pointer: "", message, keyword: BODY_KEYWORD, value };
}

function result(errors: ContractError[]): ValidationResult {
  return { valid: errors.length === 0, errors };
}

function fromEngine(errors: readonly PayloadError[]): ContractError[] {
  return errors.map((e) => ({ pointer: e.instancePath, message: e.message, keyword: e.keyword, value: e.value }));
}

/** The engine's per-call options: `strict` only when asked, so the contract's own default holds. */
const engineOptions = (options: ValidateOptions) => (options.strict === undefined ? {} : { strict: options.strict });

/**
 * Validates a request body of `operationId` as a client sends it: a property the server sets
 * (readOnly, such as an id) is an error, and so is, with `strict`, one the schema does not
 * declare. Pass `undefined` for a request without a body.
 */
export function validateRequest<A extends Api>(
  api: A,
  operationId: RequestOperationId<A>,
  body: unknown,
  options?: ValidateOptions,
): ValidationResult;
export function validateRequest(
  api: Api,
  operationId: string,
  body: unknown,
  options: ValidateOptions = {},
): ValidationResult {
  const { entry, operation } = operationOf(api, operationId);
  const where = `${api} ${operationId} (${labelOf(operation)})`;
  if (!operation.requestBody) {
    return result(body === undefined ? [] : [bodyError(`is not expected: ${where} takes no request body`, body)]);
  }
  if (body === undefined) {
    return result(operation.requestBody.required ? [bodyError(`is missing: ${where} requires a request body`)] : []);
  }
  const schema = schemaOf(entry, operationId, "request");
  if (schema === null) return result([]);
  return result(fromEngine(entry.contract.validatePayload(schema, body, "request", engineOptions(options))));
}

/**
 * Validates the body of a response of `operationId` with HTTP `status` as a server sends it: a
 * write-only property (such as a password) is an error, and so is, with `strict`, one the schema
 * does not declare. The result names the response the status selected (`"200"`, `"2XX"`,
 * `"default"`); a status no response covers is an error, and so is a 2xx status that only
 * `default` covers, unless `allowDefault`. Pass `undefined` for a response without a body (a 204).
 */
export function validateResponse<A extends Api>(
  api: A,
  operationId: OperationId<A>,
  status: number,
  body: unknown,
  options?: ResponseOptions,
): ResponseValidationResult;
export function validateResponse(
  api: Api,
  operationId: string,
  status: number,
  body: unknown,
  options: ResponseOptions = {},
): ResponseValidationResult {
  const { entry, operation } = operationOf(api, operationId);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`status must be an HTTP status code (100..599), got ${JSON.stringify(status)}`);
  }
  const where = `${api} ${operationId} (${labelOf(operation)})`;
  const declared = operation.responses.map((r) => r.status).join(", ");
  const response = selectResponse(operation.responses, status)?.status;
  if (response === undefined) {
    const error = statusError(`answers ${status}, which ${where} does not declare (declared: ${declared})`);
    return { ...result([error]), response, undeclared: true };
  }
  // `default` documents "responses other than the ones declared for specific HTTP response codes"
  // (https://spec.openapis.org/oas/v3.1.1.html#responses-object): the status itself is undeclared.
  const undeclared = response === "default";
  const errors: ContractError[] = [];
  if (undeclared && status >= 200 && status < 300 && !options.allowDefault) {
    errors.push(
      statusError(
        `answers ${status}, a success that ${where} does not declare (declared: ${declared}); only its default response covers it (allowDefault accepts that)`,
      ),
    );
  }
  errors.push(...responseBodyErrors(entry, operationId, response, where, body, options));
  return { ...result(errors), response, undeclared };
}

function statusError(message: string): ContractError {
  return { pointer: "", message, keyword: STATUS_KEYWORD };
}

function responseBodyErrors(
  entry: Loaded,
  operationId: string,
  response: string,
  where: string,
  body: unknown,
  options: ValidateOptions,
): ContractError[] {
  const schema = schemaOf(entry, operationId, response);
  if (schema === null) {
    return body === undefined
      ? []
      : [bodyError(`is not expected: the ${response} response of ${where} has no body`, body)];
  }
  if (body === undefined) return [bodyError(`is missing: the ${response} response of ${where} has a body`)];
  return fromEngine(entry.contract.validatePayload(schema, body, "response", engineOptions(options)));
}

/** One line per error: `/0/state: must be one of "new", ... (found "gone")`. */
export function formatErrors(errors: readonly ContractError[]): string {
  return errors
    .map(
      (e) =>
        `${e.pointer === "" ? "(the body)" : e.pointer}: ${e.message}${e.value === undefined ? "" : ` (found ${show(e.value)})`}`,
    )
    .join("\n");
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
