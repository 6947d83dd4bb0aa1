/**
 * One operation's answer, in the order a real API works: the token (401, 403), the rate limit
 * (429), the request against the description (the engine's violations, in the vendor's error
 * shape), then the profile's handler. Each check is prepared once per operation.
 */
import { type Operation, parsePointer } from "@ci-artifacts/spec";
import { bodyExamples, namedExample } from "../document/examples.js";
import { compileBody } from "../validate/body.js";
import { compileParameters } from "../validate/parameters.js";
import type { Violation } from "../validate/types.js";
import { compileAuth } from "./auth.js";
import type { TwinCore } from "./core.js";
import type { RecordedRequest } from "./record.js";
import { json, type TwinResponse } from "./response.js";

export interface IncomingParts {
  request: RecordedRequest;
  /** The URL as the client sent it: its Host, path and query. */
  readonly url: URL;
  /** Its origin, as the client named it (the Host header). */
  origin: string;
  query: URLSearchParams;
  path: Readonly<Record<string, string>>;
  header(name: string): string | undefined;
}

export type Answer = (parts: IncomingParts) => TwinResponse;

const FORBIDDEN = "x-contract-forbidden";

export function compileOperation(core: TwinCore, operation: Operation): Answer {
  const { doc, profile } = core;
  const operationId = operation.operationId ?? operation.name;
  const auth = compileAuth(doc, operation, core.tokens);
  const parameters = compileParameters(doc, operation);
  const body = compileBody(doc, operation);
  const handler = profile.handlers[operationId];
  const declared = new Set(operation.responses.map((r) => r.status));
  const success = operation.responses.find((r) => /^2/.test(r.status))?.status;
  let successSchema: string | null | undefined;

  const error = (status: number, message: string, violations?: Violation[]) =>
    json(status, profile.error(status, message, violations));

  /** Drops what a success answer may not carry (writeOnly), as the contract kit finds it. */
  const answer = <T>(value: T): T => {
    if (successSchema === undefined) {
      try {
        successSchema = success === undefined ? null : doc.contract.bodySchema(operationId, success);
      } catch {
        successSchema = null;
      }
    }
    if (successSchema === null) return value;
    for (const e of doc.contract.validatePayload(successSchema, value, "response")) {
      if (e.keyword !== FORBIDDEN) continue;
      const path = parsePointer(e.instancePath);
      const key = path.pop();
      let holder: unknown = value;
      for (const step of path) holder = (holder as Record<string, unknown> | undefined)?.[step];
      if (key !== undefined && holder !== null && typeof holder === "object")
        delete (holder as Record<string, unknown>)[key];
    }
    return value;
  };

  return (parts) => {
    const granted = auth(parts.header("authorization"));
    if (!granted.ok) {
      const title = granted.status === 401 ? "Unauthorized" : "Forbidden";
      return error(granted.status, `${title}: ${granted.reason}`);
    }
    let limits: Record<string, string> = {};
    if (core.budgets) {
      const spend = core.budgets.spend(granted.token ?? "", core.now());
      if (!spend.ok) return profile.rateLimited(spend);
      limits = profile.rateLimitHeaders(spend);
    }
    const checked = parameters({ path: parts.path, query: parts.query, header: parts.header });
    const read = body(parts.header("content-type"), parts.request.body);
    const violations = [...checked.violations, ...(read.ok ? [] : read.violations)];
    if (violations.length > 0) {
      const status =
        !read.ok && read.status !== undefined
          ? read.status
          : violations.some((v) => v.in === "path") && declared.has("404")
            ? 404
            : declared.has("422")
              ? 422
              : 400;
      return withHeaders(error(status, status === 404 ? "Not Found" : "Invalid request", violations), limits);
    }
    const preferred = prefer(parts.header("prefer"));
    if (preferred) return withHeaders(preferred, limits);
    if (!handler)
      return withHeaders(firstExample() ?? error(501, `${operationId} is not answered by the twin`), limits);
    const response = handler({
      doc,
      operationId,
      state: core.state,
      values: checked.values,
      body: read.ok ? read.body : undefined,
      get url() {
        return parts.url;
      },
      base: parts.origin + core.basePath,
      presign: (path) => core.presigner.sign(core.origins.storage, path, core.now()),
      now: core.now,
      random: core.random,
      answer,
    });
    return withHeaders(response, limits);
  };

  /** `Prefer: example=<name>` and `code=<status>`: the description's own example, as Prism answers it. */
  function prefer(header: string | undefined): TwinResponse | undefined {
    if (header === undefined) return undefined;
    const wants = Object.fromEntries(
      header.split(/[,;]/).map((part) => part.trim().split("=") as [string, string | undefined]),
    );
    const name = wants.example;
    const code = wants.code;
    if (name === undefined && code === undefined) return undefined;
    const found =
      name !== undefined
        ? namedExample(doc, operationId, name)
        : bodyExamples(doc, operationId).find((e) => e.kind === code);
    if (!found || found.kind === "request" || (code !== undefined && found.kind !== code)) {
      const known = bodyExamples(doc, operationId)
        .filter((e) => e.kind !== "request")
        .map((e) => `${e.kind} ${e.label}`);
      return error(400, `Prefer: no such example of ${operationId}; it has ${known.join(", ") || "none"}`);
    }
    const status = /^\d{3}$/.test(found.kind) ? Number(found.kind) : 200;
    return json(status, found.value);
  }

  function firstExample(): TwinResponse | undefined {
    const found = bodyExamples(doc, operationId).find((e) => /^2\d\d$/.test(e.kind));
    return found ? json(Number(found.kind), found.value) : undefined;
  }
}

function withHeaders(response: TwinResponse, headers: Record<string, string>): TwinResponse {
  for (const name in headers) if (!(name in response.headers)) response.headers[name] = headers[name] as string;
  return response;
}
