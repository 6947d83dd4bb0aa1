/** The named examples of a description, as the contract engine collects them. */
import type { ExampleCase } from "@ci-artifacts/contract/engine";
import type { Operation } from "@ci-artifacts/spec";
import type { ApiDocument } from "./load.js";

/** Body examples only: the engine also collects parameter, header and schema examples. */
const isBody = (example: ExampleCase) => example.mediaType !== undefined;

/** The body examples of an operation's request (`kind` "request") or of one of its responses (`"200"`). */
export function bodyExamples(doc: ApiDocument, operationId: string, kind?: string): ExampleCase[] {
  return doc.examples.filter(
    (example) => isBody(example) && example.operation === operationId && (kind === undefined || example.kind === kind),
  );
}

/** The value of the named body example of an operation, with the status (or `request`) it is written under. */
export function namedExample(doc: ApiDocument, operationId: string, name: string): ExampleCase | undefined {
  return bodyExamples(doc, operationId).find((example) => example.label === name);
}

/** The `example` of an operation's parameter, as written in the description. */
export function parameterExample(operation: Operation, name: string): unknown {
  return operation.parameters.find((parameter) => parameter.name === name)?.value.example;
}
