/**
 * The bundled description of an API, read once from `@ci-artifacts/openapi` and seen through the
 * project's one model of a document (`@ci-artifacts/spec`) and its engine (`@ci-artifacts/contract`).
 */
import { createRequire } from "node:module";
import { Contract, type ContractOptions, type ExampleCase } from "@ci-artifacts/contract/engine";
import { type Operation, operations } from "@ci-artifacts/spec";
import type { TwinApi } from "../apis.js";

const require = createRequire(import.meta.url);

export interface ApiDocument {
  api: TwinApi;
  /** The bundle's path, for messages. */
  file: string;
  /** The description as the contract kit reads answers. */
  contract: Contract;
  /**
   * The description as the contract kit reads requests: a property the schema does not declare is
   * refused, as a field only the server sets (an `id`) is.
   */
  requests: Contract;
  document: Record<string, unknown>;
  operations: Operation[];
  byId: Map<string, Operation>;
  /** Every example of the description, with the operation, status (or `request`) and name it was written under. */
  examples: ExampleCase[];
}

const cache = new Map<TwinApi, ApiDocument>();
// Both spellings of the engine's option that closes objects to undeclared properties: built, not
// written as a literal, so it type-checks against either.
const STRICT: ContractOptions = Object.assign({}, { strict: true, unknownProperties: true });

export function loadDocument(api: TwinApi): ApiDocument {
  let loaded = cache.get(api);
  if (!loaded) {
    const file = require.resolve(`@ci-artifacts/openapi/${api}.json`);
    const contract = Contract.load(file);
    const requests = new Contract(contract.source, STRICT);
    const all = operations(contract.document);
    loaded = {
      api,
      file,
      contract,
      requests,
      document: contract.document as Record<string, unknown>,
      operations: all,
      byId: new Map(all.flatMap((o) => (o.operationId ? [[o.operationId, o] as const] : []))),
      examples: contract.examples(),
    };
    cache.set(api, loaded);
  }
  return loaded;
}

/** The operation with `operationId`; a profile naming one the description lacks is a defect of the twin. */
export function operationOf(doc: ApiDocument, operationId: string): Operation {
  const operation = doc.byId.get(operationId);
  if (!operation) throw new Error(`the ${doc.api} description has no operation ${operationId}`);
  return operation;
}
