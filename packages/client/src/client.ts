import createClient, { type Client } from "openapi-fetch";
import { ResponseError } from "./errors.js";
import type { Transport } from "./transport.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type AnyInit = { middleware?: unknown[] } & Record<string, unknown>;
type AnyMethod = (url: string, init?: AnyInit) => Promise<unknown>;

/**
 * The openapi-fetch client on the transport, with one change: a 2xx body that is not JSON
 * raises ResponseError instead of the bare SyntaxError openapi-fetch lets through.
 */
export function createTypedClient<Paths extends {}>(transport: Transport<unknown>): Client<Paths, "application/json"> {
  const client = createClient<Paths, "application/json">({ baseUrl: transport.baseUrl, fetch: transport.fetch });
  const methods = client as unknown as Record<string, AnyMethod>;
  for (const method of METHODS) {
    const call = methods[method] as AnyMethod;
    methods[method] = async (url, init) => {
      let answer: Response | undefined;
      // A fetch of this call's own sees the transport's answer before any onResponse middleware; it costs a
      // closure where a middleware per call costs openapi-fetch's middleware bookkeeping (an id, frozen options).
      // A caller's own per-call fetch bypasses the transport; then the witness stays a middleware, as before.
      const prepared =
        init?.fetch === undefined ? transport.call(init?.signal as AbortSignal | null | undefined) : undefined;
      // Defaults first, so a caller's own redirect or Request class wins (and the transport then copies the Request as before).
      const witnessed = prepared
        ? {
            Request: prepared.Request,
            redirect: "manual",
            ...init,
            signal: prepared.signal,
            fetch: (request: Request) => prepared.fetch(request).then((response) => (answer = response)),
          }
        : { ...init, middleware: [...(init?.middleware ?? []), witness((response) => (answer = response))] };
      try {
        return await call(url, witnessed);
      } catch (error) {
        const site = answer && transport.siteOf(answer);
        if (error instanceof SyntaxError && answer && site) {
          throw new ResponseError("invalid-json", "the body of a 2xx answer is not JSON", site, answer.status, {
            cause: error,
          });
        }
        throw error;
      }
    };
  }
  (client as unknown as { request: unknown }).request = (method: string, url: string, init?: AnyInit) => {
    const call = methods[method.toUpperCase()];
    if (!call) throw new TypeError(`unknown HTTP method ${JSON.stringify(method)}`);
    return call(url, init);
  };
  return client;
}

// Runs first among onResponse middleware (they run last-registered first), so it sees the answer as fetched.
function witness(see: (response: Response) => void) {
  return {
    onResponse({ response }: { response: Response }) {
      see(response);
    },
  };
}
