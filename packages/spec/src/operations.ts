/**
 * The operations of a document: every Operation Object under `paths` and `webhooks`, with its
 * parameters (path-level ones merged in), request body and responses, references followed.
 * @see https://spec.openapis.org/oas/v3.1.1.html#paths-object
 * @see https://spec.openapis.org/oas/v3.1.1.html#operation-object
 */
import { HTTP_METHODS, type HttpMethod } from "./methods.js";
import { escapeSegment, getAt, isObject, toPointer } from "./pointer.js";
import { type Located, resolve } from "./refs.js";

/** Where operations live: `paths`, 3.1's `webhooks`, and the `x-webhooks` extension some 3.0 documents use. */
export type OperationRoot = "paths" | "webhooks" | "x-webhooks";

export interface ParameterRef extends Located<Record<string, unknown>> {
  name: string;
  in: string;
}

export interface ResponseRef extends Located<Record<string, unknown>> {
  /** As written: `200`, `4XX`, `default`. */
  status: string;
}

export interface Operation {
  root: OperationRoot;
  /** The path template (`/things/{id}`), or the webhook's name. */
  path: string;
  method: HttpMethod;
  /** Pointer to the Operation Object, after following a Path Item `$ref`. */
  pointer: string;
  /** Pointer to the Path Item as written under `root`. */
  itemPointer: string;
  value: Record<string, unknown>;
  operationId: string | undefined;
  /** The operationId, or `METHOD /path` (`METHOD webhook name`) for one without. */
  name: string;
  /** Path-level parameters with the operation's own, which win for the same `in` and `name`. */
  parameters: ParameterRef[];
  requestBody: (Located<Record<string, unknown>> & { required: boolean }) | undefined;
  /** In the order written; `x-` keys left out. */
  responses: ResponseRef[];
}

const DEFAULT_ROOTS: readonly OperationRoot[] = ["paths", "webhooks"];

/** Every operation of `document`, in the order written. */
export function operations(document: unknown, roots: readonly OperationRoot[] = DEFAULT_ROOTS): Operation[] {
  const out: Operation[] = [];
  for (const root of roots) {
    const items = getAt(document, [root]);
    if (!isObject(items)) continue;
    for (const [path, raw] of Object.entries(items)) {
      const itemPointer = toPointer([root, path]);
      const item = resolve(document, raw, itemPointer);
      if (!isObject(item.value)) continue;
      const shared = parametersOf(document, item.value.parameters, `${item.pointer}/parameters`);
      for (const method of HTTP_METHODS) {
        const value = item.value[method];
        if (!isObject(value)) continue;
        const pointer = `${item.pointer}/${method}`;
        const operationId = typeof value.operationId === "string" ? value.operationId : undefined;
        const label = root === "paths" ? path : `webhook ${path}`;
        const own = parametersOf(document, value.parameters, `${pointer}/parameters`);
        out.push({
          root,
          path,
          method,
          pointer,
          itemPointer,
          value,
          operationId,
          name: operationId ?? `${method.toUpperCase()} ${label}`,
          parameters: [...new Map([...shared, ...own].map((p) => [`${p.in}:${p.name}`, p])).values()],
          requestBody: requestBodyOf(document, value.requestBody, `${pointer}/requestBody`),
          responses: responsesOf(document, value.responses, `${pointer}/responses`),
        });
      }
    }
  }
  return out;
}

/** The operation with `operationId`, or undefined. */
export function findOperation(
  document: unknown,
  operationId: string,
  roots: readonly OperationRoot[] = DEFAULT_ROOTS,
): Operation | undefined {
  return operations(document, roots).find((o) => o.operationId === operationId);
}

function parametersOf(document: unknown, list: unknown, listPointer: string): ParameterRef[] {
  if (!Array.isArray(list)) return [];
  const out: ParameterRef[] = [];
  list.forEach((raw, i) => {
    const p = resolve(document, raw, `${listPointer}/${i}`);
    if (isObject(p.value) && typeof p.value.name === "string") {
      out.push({ value: p.value, pointer: p.pointer, name: p.value.name, in: String(p.value.in) });
    }
  });
  return out;
}

function requestBodyOf(document: unknown, raw: unknown, pointer: string): Operation["requestBody"] {
  if (raw === undefined) return undefined;
  const body = resolve(document, raw, pointer);
  if (!isObject(body.value)) return undefined;
  return { value: body.value, pointer: body.pointer, required: body.value.required === true };
}

function responsesOf(document: unknown, raw: unknown, pointer: string): ResponseRef[] {
  if (!isObject(raw)) return [];
  const out: ResponseRef[] = [];
  for (const [status, value] of Object.entries(raw)) {
    if (status.startsWith("x-")) continue;
    const response = resolve(document, value, `${pointer}/${escapeSegment(status)}`);
    if (isObject(response.value)) out.push({ status, value: response.value, pointer: response.pointer });
  }
  return out;
}

/**
 * The response an HTTP status selects: the exact code, then its range (`4XX`), then `default`.
 * @see https://spec.openapis.org/oas/v3.1.1.html#responses-object
 */
export function selectResponse(responses: readonly ResponseRef[], status: number): ResponseRef | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return (
    responses.find((r) => r.status === exact) ??
    responses.find((r) => r.status.toUpperCase() === range) ??
    responses.find((r) => r.status === "default")
  );
}

/** A `code_samples` entry of `x-codeSamples`: its language, label and source text. */
export interface CodeSample {
  lang: string;
  label: string | undefined;
  source: string;
  pointer: string;
}

/**
 * The operation's `x-codeSamples` (Redoc's extension; see spec/README.md), in the order written.
 * @see https://redocly.com/docs-legacy/api-reference-docs/specification-extensions/x-code-samples
 */
export function codeSamples(operation: Operation): CodeSample[] {
  const list = operation.value["x-codeSamples"];
  if (!Array.isArray(list)) return [];
  return list.flatMap((sample, i) =>
    isObject(sample) && typeof sample.lang === "string" && typeof sample.source === "string"
      ? [
          {
            lang: sample.lang,
            label: typeof sample.label === "string" ? sample.label : undefined,
            source: sample.source,
            pointer: `${operation.pointer}/x-codeSamples/${i}`,
          },
        ]
      : [],
  );
}
