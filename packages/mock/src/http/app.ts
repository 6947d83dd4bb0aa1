/**
 * The twin's two servers as Hono apps: Hono routes each request by the description's paths, and
 * the twin answers on Node's own response, so a fault can cut, delay or withhold the answer.
 */
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { type Context, Hono } from "hono";
import { act } from "../faults/act.js";
import type { FaultExchange } from "../faults/types.js";
import { kindOf } from "../faults/types.js";
import type { TwinCore } from "./core.js";
import { corsMiddleware } from "./cors.js";
import { compileOperation, type IncomingParts } from "./operation.js";
import type { RecordedRequest } from "./record.js";
import { json, type TwinResponse, writeResponse } from "./response.js";
import { answerStorage, STORAGE_ROUTE } from "./storage.js";

type Env = { Bindings: HttpBindings };
type Produce = (parts: IncomingParts) => TwinResponse;

/** `/things/{id}` → `/things/:id`. */
const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ":$1");

export function createApiApp(core: TwinCore): Hono<Env> {
  const app = new Hono<Env>();
  if (core.cors) {
    const paths = core.doc.operations.filter((operation) => operation.root === "paths");
    const methods = new Set(paths.map((operation) => operation.method.toUpperCase()));
    app.use(corsMiddleware(core.cors, [...methods]));
  }
  for (const operation of core.doc.operations) {
    if (operation.root !== "paths") continue;
    const answer = compileOperation(core, operation);
    const route = operation.operationId ?? operation.name;
    app.on(operation.method.toUpperCase(), core.basePath + honoPath(operation.path), (c) =>
      exchange(core, c, "api", route, answer),
    );
  }
  // The API's origin serves files too, for a download URL that points back at it.
  app.get(STORAGE_ROUTE, (c) => exchange(core, c, "api", "storage", (parts) => answerStorage(core, parts.url)));
  app.notFound((c) =>
    exchange(core, c, "api", "unknown", () =>
      json(404, core.profile.error(404, `Not Found: no operation at ${c.req.method} ${c.req.path}`)),
    ),
  );
  return app;
}

export function createStorageApp(core: TwinCore): Hono<Env> {
  const app = new Hono<Env>();
  if (core.cors) app.use(corsMiddleware(core.cors, ["GET"]));
  app.get(STORAGE_ROUTE, (c) => exchange(core, c, "storage", "storage", (parts) => answerStorage(core, parts.url)));
  app.notFound((c) => exchange(core, c, "storage", "storage", (parts) => answerStorage(core, parts.url)));
  return app;
}

/** A request's `X-Request-Id` comes back on its answer, so a client can match the two under load. */
function echo(response: TwinResponse, requestId: string | undefined): TwinResponse {
  return requestId === undefined
    ? response
    : { ...response, headers: { ...response.headers, "x-request-id": requestId } };
}

async function exchange(
  core: TwinCore,
  c: Context<Env>,
  listener: "api" | "storage",
  route: string,
  produce: Produce,
): Promise<Response> {
  const { incoming, outgoing } = c.env;
  const method = incoming.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? "" : await c.req.text();
  const request: RecordedRequest = {
    listener,
    route,
    method,
    url: incoming.url ?? "/",
    headers: incoming.headers,
    body,
  };
  const index = core.recorder.record(request);
  // Parsed only when asked for: most answers need the origin and the query, not a whole URL.
  const href = c.req.url;
  const raw = request.url;
  const q = raw.indexOf("?");
  let url: URL | undefined;
  const parts: IncomingParts = {
    request,
    get url() {
      url ??= new URL(href);
      return url;
    },
    origin: href.slice(0, href.indexOf("/", href.indexOf("//") + 2)),
    query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)),
    path: c.req.param() as Record<string, string>,
    header: (name) => {
      const value = incoming.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
  let answered: TwinResponse | undefined;
  const requestId = parts.header("x-request-id");
  const answer = async () => {
    answered ??= echo(produce(parts), requestId);
    return answered;
  };
  const fault = core.faults.pick(request, index);
  try {
    if (fault === undefined) {
      const response = await answer();
      request.status = response.status;
      writeResponse(outgoing, response);
    } else {
      request.fault = kindOf(fault);
      const self = listener === "api" ? core.origins.api : core.origins.storage;
      const peer = listener === "api" ? core.origins.storage : core.origins.api;
      const faultExchange: FaultExchange = { request, response: outgoing, self, peer, answer };
      const status = await act(fault, faultExchange, {
        error: core.profile.error,
        rateLimited: core.profile.rateLimited,
        limits: core.limits,
      });
      if (status !== undefined) request.status = status;
    }
  } catch (error) {
    // A defect of the twin must not pass for an answer of the API: 500 in the vendor's shape, saying so.
    if (!outgoing.headersSent) {
      request.status = 500;
      writeResponse(outgoing, json(500, core.profile.error(500, `the twin failed: ${(error as Error).message}`)));
    } else {
      outgoing.destroy();
    }
  }
  return RESPONSE_ALREADY_SENT;
}
