// The redirect and credential policy: the token goes to the API's own origin only, on requests
// that do not follow redirects (the client builds them with `redirect: "manual"`: a 3xx is the
// answer, so the token cannot ride one to another host), and never to a download's storage host.
import type { Layer } from "./pipeline.js";

export const lend: Layer = (next, context) => {
  const api = `${context.origin}/`;
  return async (request, call) => {
    if (call.mode === "storage" || !request.url.startsWith(api)) return next(request, call);
    const value = await context.auth.header();
    if (value) request.headers.set("authorization", value);
    try {
      return await next(request, call);
    } finally {
      // Taken back from openapi-fetch's Request after the exchange, so middleware never sees it.
      request.headers.delete("authorization");
    }
  };
};

/** The API root without a trailing slash; its origin is the only one that receives the token. */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {}
  // Not quoted: it may hold credentials.
  if (!/^https?:$/.test(url?.protocol ?? "") || url?.username || url?.password || url?.search || url?.hash) {
    throw new TypeError("baseUrl must be an absolute http(s) URL without credentials, a query or a fragment");
  }
  return (url as URL).href.replace(/\/+$/, "");
}
