/**
 * Validates bodies against the contract of the Buddy.works and Buildkite artifact APIs (the bundles
 * of @ci-artifacts/openapi) with the contract engine: every schema compiled once and reused, an
 * undeclared property is an error, and readOnly/writeOnly are enforced by direction.
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
  /** The JSON Schema keyword that failed, or `x-contract-forbidden` for a readOnly/writeOnly property in the wrong direction, `x-contract-body` for a body that is missing or not expected. */
  keyword: string;
  /** What was found at `pointer` (undefined when it is missing). */
  value?: unknown;
}

export interface ValidationResult {
  valid: boolean;
  errors: ContractError[];
}

const require = createRequire(import.meta.url);
const BODY_KEYWORD = "x-contract-body";
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

/**
 * Validates a request body of `operationId` as a client sends it: a property the server sets
 * (readOnly, such as an id) is an error, and so is one the schema does not declare.
 * Pass `undefined` for a request without a body.
 */
export function validateRequest<A extends Api>(
  api: A,
  operationId: RequestOperationId<A>,
  body: unknown,
): ValidationResult;
export function validateRequest(api: Api, operationId: string, body: unknown): ValidationResult {
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
  return result(fromEngine(entry.contract.validatePayload(schema, body, "request")));
}

/**
 * Validates the body of a response of `operationId` with HTTP `status` as a server sends it: a
 * write-only property (such as a password) is an error, and so is one the schema does not declare.
 * A status the operation does not declare (and no `default` covers) is an error. Pass `undefined`
 * for a response without a body (such as a 204).
 */
export function validateResponse<A extends Api>(
  api: A,
  operationId: OperationId<A>,
  status: number,
  body: unknown,
): ValidationResult;
export function validateResponse(api: Api, operationId: string, status: number, body: unknown): ValidationResult {
  const { entry, operation } = operationOf(api, operationId);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`status must be an HTTP status code (100..599), got ${JSON.stringify(status)}`);
  }
  const where = `${api} ${operationId} (${labelOf(operation)})`;
  const key = selectResponse(operation.responses, status)?.status;
  if (key === undefined) {
    return result([
      bodyError(
        `answers a status that ${where} does not declare: ${status} (declared: ${operation.responses.map((r) => r.status).join(", ")})`,
      ),
    ]);
  }
  const schema = schemaOf(entry, operationId, key);
  if (schema === null) {
    return result(
      body === undefined ? [] : [bodyError(`is not expected: the ${key} response of ${where} has no body`, body)],
    );
  }
  if (body === undefined) return result([bodyError(`is missing: the ${key} response of ${where} has a body`)]);
  return result(fromEngine(entry.contract.validatePayload(schema, body, "response")));
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
