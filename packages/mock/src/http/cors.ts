/**
 * CORS, for a page in a browser that calls the twin from its own origin: the answers of both
 * servers name the page's origin and expose the headers a client reads (pagination, rate limits,
 * request ids), and a preflight is answered before anything else (it is not a request of the API:
 * not counted, recorded, rate-limited or met by a fault). Off unless `cors` names origins.
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { MiddlewareHandler } from "hono";

/** The headers of the twin's answers that a page may read. */
const EXPOSED = [
  "link",
  "location",
  "retry-after",
  "x-request-id",
  "ratelimit-scope",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "ratelimit-user-limit",
  "ratelimit-user-remaining",
  "ratelimit-user-reset",
  "x-rate-limit-limit",
  "x-rate-limit-remaining",
  "content-disposition",
  "etag",
].join(", ");

/** Which origins may call: `*` (any) or these. */
export type CorsOrigins = "*" | ReadonlySet<string>;

/** Reads the `cors` option: `*`, or origins such as `http://localhost:5173`; throws naming a value that is neither. */
export function corsOrigins(given: string | readonly string[]): CorsOrigins {
  const values = typeof given === "string" ? [given] : [...given];
  if (values.includes("*")) return "*";
  for (const value of values) {
    let origin: string | undefined;
    try {
      origin = new URL(value).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== value || !/^https?:/.test(value)) {
      throw new TypeError(
        `cors: ${JSON.stringify(value)} is not an origin such as http://localhost:5173 (scheme, host and port, no path), nor "*"`,
      );
    }
  }
  return new Set(values);
}

/** Adds the CORS headers to every answer for an allowed origin, and answers its preflights. */
export function corsMiddleware(
  origins: CorsOrigins,
  methods: readonly string[],
): MiddlewareHandler<{ Bindings: HttpBindings }> {
  const allowMethods = methods.join(", ");
  return async (c, next) => {
    const { incoming, outgoing } = c.env;
    const origin = incoming.headers.origin;
    outgoing.setHeader("vary", "Origin");
    if (origin === undefined || (origins !== "*" && !origins.has(origin))) return next();
    outgoing.setHeader("access-control-allow-origin", origin);
    outgoing.setHeader("access-control-expose-headers", EXPOSED);
    if (incoming.method !== "OPTIONS" || incoming.headers["access-control-request-method"] === undefined) return next();
    const asked = incoming.headers["access-control-request-headers"];
    outgoing.writeHead(204, {
      "access-control-allow-methods": allowMethods,
      // Any header a client sends (Authorization, Content-Type, Prefer, X-Request-Id, ...).
      ...(asked === undefined ? {} : { "access-control-allow-headers": asked }),
      "access-control-max-age": "600",
    });
    outgoing.end();
    return RESPONSE_ALREADY_SENT;
  };
}
