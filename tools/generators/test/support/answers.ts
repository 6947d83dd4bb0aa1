/**
 * What each operation of a bundle answers when all goes well: its lowest 2xx or 3xx response,
 * with the first of its named examples and the examples of its headers.
 */
import { isObject, type Operation, operations, resolve } from "@ci-artifacts/spec";

export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** The example's value; undefined when the response has no body. */
  body: unknown;
}

export interface Route {
  operation: Operation;
  pattern: RegExp;
  answer: Answer;
}

export function routes(document: unknown): Route[] {
  return operations(document).map((operation) => ({
    operation,
    pattern: new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    answer: answerOf(document, operation),
  }));
}

function answerOf(document: unknown, operation: Operation): Answer {
  const success = operation.responses
    .filter((r) => /^[23]\d\d$/.test(r.status))
    .sort((a, b) => Number(a.status) - Number(b.status))[0];
  if (!success) throw new Error(`${operation.pointer}: no 2xx or 3xx response to answer with`);
  const headers: Record<string, string> = {};
  const declared = isObject(success.value.headers) ? success.value.headers : {};
  for (const [name, raw] of Object.entries(declared)) {
    const header = resolve(document, raw, `${success.pointer}/headers/${name}`).value;
    if (isObject(header) && header.example !== undefined) headers[name.toLowerCase()] = String(header.example);
  }
  const content = isObject(success.value.content) ? success.value.content["application/json"] : undefined;
  const examples = isObject(content) && isObject(content.examples) ? Object.entries(content.examples) : [];
  const first = examples[0];
  if (isObject(content) && !first) throw new Error(`${success.pointer}: a JSON body with no named example`);
  const example = first
    ? resolve(document, first[1], `${success.pointer}/content/application~1json/examples/${first[0]}`)
    : undefined;
  if (example && !(isObject(example.value) && "value" in example.value)) {
    throw new Error(`${example.pointer}: an example without a value`);
  }
  return { status: Number(success.status), headers, body: isObject(example?.value) ? example.value.value : undefined };
}
