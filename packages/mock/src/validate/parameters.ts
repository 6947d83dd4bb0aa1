/**
 * Parameters as the description declares them: each raw string is read as its schema's type, then
 * checked against that schema by the project's engine, so a violation is worded as the contract
 * kit words it. Only the simple style the two descriptions use is read (one scalar per name).
 * @see https://spec.openapis.org/oas/v3.1.1.html#parameter-object
 */
import { isObject, type Operation, resolveAt } from "@ci-artifacts/spec";
import type { ApiDocument } from "../document/load.js";
import type { Violation } from "./types.js";

export interface RawParameters {
  path: Readonly<Record<string, string>>;
  query: URLSearchParams;
  header(name: string): string | undefined;
}

export interface ParameterValues {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
}

export type ParameterCheck = (raw: RawParameters) => { values: ParameterValues; violations: Violation[] };

type Kind = "integer" | "number" | "boolean" | "other";

interface Declared {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: string;
  kind: Kind;
  /** The schema's `default`, which the server applies when the parameter is left out. */
  fallback: unknown;
  /** What a raw value read as, and what the engine found wrong with it: a pure function of the text. */
  seen: Map<string, { value: unknown; violations: Violation[] }>;
}

/** Raw values remembered per parameter: clients ask for the same few again and again. */
const MEMO_LIMIT = 256;

/** The check of an operation's parameters, prepared once: schemas are compiled on first use and kept. */
export function compileParameters(doc: ApiDocument, operation: Operation): ParameterCheck {
  const declared: Declared[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in !== "path" && parameter.in !== "query" && parameter.in !== "header") continue;
    const schema = `${parameter.pointer}/schema`;
    declared.push({
      name: parameter.name,
      in: parameter.in,
      required: parameter.in === "path" || parameter.value.required === true,
      schema,
      kind: kindOf(doc, schema),
      fallback: defaultOf(doc, schema),
      seen: new Map(),
    });
  }
  return (raw) => {
    const values: ParameterValues = { path: {}, query: {}, header: {} };
    const violations: Violation[] = [];
    for (const p of declared) {
      const text =
        p.in === "path"
          ? raw.path[p.name]
          : p.in === "query"
            ? (raw.query.get(p.name) ?? undefined)
            : raw.header(p.name);
      if (text === undefined) {
        if (p.required) violations.push({ in: p.in, name: p.name, message: "is required but missing" });
        else if (p.fallback !== undefined) values[p.in][p.name] = p.fallback;
        continue;
      }
      let read = p.seen.get(text);
      if (!read) {
        const value = coerce(text, p.kind);
        read = {
          value,
          violations: doc.requests
            .validatePayload(p.schema, value, "request")
            .map((e) => ({ in: p.in, name: p.name + e.instancePath, message: e.message, value: e.value })),
        };
        if (p.seen.size >= MEMO_LIMIT) p.seen.clear();
        p.seen.set(text, read);
      }
      violations.push(...read.violations);
      values[p.in][p.name] = read.value;
    }
    return { values, violations };
  };
}

function kindOf(doc: ApiDocument, pointer: string): Kind {
  const { value } = resolveAt(doc.document, pointer);
  if (!isObject(value)) return "other";
  const types = Array.isArray(value.type) ? value.type : [value.type];
  for (const type of types) if (type === "integer" || type === "number" || type === "boolean") return type;
  return "other";
}

function defaultOf(doc: ApiDocument, pointer: string): unknown {
  const { value } = resolveAt(doc.document, pointer);
  return isObject(value) ? value.default : undefined;
}

/** The value a query string means for the schema; left a string when it does not read as one, so the schema says why. */
function coerce(text: string, kind: Kind): unknown {
  if (kind === "integer" && /^-?\d+$/.test(text)) return Number(text);
  if (kind === "number" && text.trim() !== "" && Number.isFinite(Number(text))) return Number(text);
  if (kind === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}
