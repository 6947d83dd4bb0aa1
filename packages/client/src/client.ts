// The openapi-fetch client on the pipeline. Every method call, raw or from a helper, hands
// openapi-fetch a fetch of its own that sends through the pipeline, so middleware sees every
// request and a caller's per-call `fetch` is wrapped like the client's, never a way around it.
// What openapi-fetch makes of an error answer is then written in the vendor's shape.
import createClient, { type Client } from "openapi-fetch";
import { createAuth } from "./auth.js";
import { INTERNAL } from "./internal.js";
import type { ClientOptions } from "./options.js";
import { type Call, type Context, compose } from "./pipeline.js";
import { checkBaseUrl } from "./policy.js";
import { FAILED } from "./result.js";
import { shapeError, type Vendor } from "./shape.js";
import { VERSION } from "./version.js";

export type ApiClient<Paths extends {}> = Client<Paths, "application/json"> & {
  /** The API root the client talks to; only its origin receives the token. */
  readonly baseUrl: string;
};

type Init = { [INTERNAL]?: Partial<Call>; parseAs?: string; fetch?: Call["fetch"] } | undefined;
type Method = (path: string, init?: Init) => Promise<{ error?: unknown; response: Response }>;

// Browsers send their own User-Agent (one set by a script may cost a CORS preflight).
const browser = /^Mozilla\//.test((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? "");

export function createApiClient<Paths extends {}>(
  options: ClientOptions,
  vendor: Vendor,
  who: string,
  defaultBaseUrl: string,
): ApiClient<Paths> {
  const baseUrl = checkBaseUrl(options.baseUrl ?? defaultBaseUrl);
  const auth = createAuth(options.token, options.anonymous, who);
  const context = {
    baseUrl,
    origin: new URL(baseUrl).origin,
    auth,
    fetch: options.fetch ?? ((request, init) => globalThis.fetch(request, init)),
  } as Context;
  context.send = compose(options, context);
  const agent = options.userAgent ?? (browser ? undefined : `ci-artifacts-client/${VERSION}`);
  const client = createClient<Paths, "application/json">({
    baseUrl,
    redirect: "manual",
    ...(agent && { headers: { "user-agent": agent } }),
  });
  const methods = client as unknown as Record<string, Method>;
  // GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH and TRACE.
  for (const method of Object.keys(client).filter((key) => /^[A-Z]+$/.test(key))) {
    const send = methods[method] as Method;
    methods[method] = async (path, init) => {
      const call = {
        method,
        template: path,
        mode: "api",
        parseAs: init?.parseAs,
        fetch: init?.fetch,
        attempt: 1,
        ...init?.[INTERNAL],
      } as Call;
      const result = await send(path, { ...init, fetch: (request: Request) => context.send(request, call) }).catch(
        (error: unknown) => {
          // What openapi-fetch throws after the pipeline returned (a 2xx body that is not JSON), a plugin may name.
          throw context.rethrow?.(error, call) ?? error;
        },
      );
      const { response } = result;
      // The download operation's 3xx is its answer.
      if (call.mode === "api" ? !response.ok : response.status > 399) {
        result.error = shapeError(vendor, response, result.error, auth.redact);
        FAILED.set(response, [call, context, vendor]);
      }
      return result;
    };
  }
  (client as { request: unknown }).request = (method: string, path: string, init?: Init) => {
    const send = methods[method.toUpperCase()];
    if (!send) throw new TypeError(`unknown HTTP method ${JSON.stringify(method)}`);
    return send(path, init);
  };
  return Object.assign(client, { baseUrl, [INTERNAL]: context });
}
