import type { CustomFault, Fault, FaultExchange } from "@ci-artifacts/mock";
import { sendJson } from "@ci-artifacts/test-support";

/*
 * The catalogue of misbehaviours, on the twin's fault injection. Where the twin has the fault
 * itself (a bare status, a reset, no answer, a cut or stalled body), it is the twin's; the rest
 * are written here, and the server is hostile as well as broken: their error bodies and pages
 * quote the Authorization header they answer, so every such fault also tests redaction.
 */

export type Exchange = FaultExchange;

const fault = (kind: string, act: (exchange: Exchange) => unknown): CustomFault => ({
  kind,
  act: async (exchange) => void (await act(exchange)),
});

/** What a hostile server says back: the credential it was handed. */
const echo = ({ request }: Exchange) => String(request.headers.authorization ?? "no credential");

const rateLimitBody = (x: Exchange) => ({
  message: `You have exceeded your API rate limit (${echo(x)}).`,
  scope: "rest_user",
  limit: 200,
  current: 201,
});

/** Buildkite's 429: `RateLimit-Reset` is seconds until the window resets (REST API limits). */
export const rateLimitReset = (seconds: number, extra: Record<string, string> = {}) =>
  fault("429 RateLimit-Reset", (x) =>
    sendJson(
      x.response,
      429,
      { ...rateLimitBody(x), reset: seconds },
      { "ratelimit-reset": String(seconds), "ratelimit-remaining": "0", ...extra },
    ),
  );

/** A 429 whose `Retry-After` is an HTTP date `seconds` from now (RFC 9110, section 10.2.3). */
export const retryAfterDate = (seconds: number) =>
  fault("429 Retry-After date", (x) =>
    sendJson(
      x.response,
      429,
      { message: `slow down, ${echo(x)}` },
      { "retry-after": new Date(Date.now() + seconds * 1000).toUTCString() },
    ),
  );

/** A 429 that asks for no wait at all: cheap under load. */
export const rateLimitNow = () =>
  fault("429 Retry-After 0", (x) => sendJson(x.response, 429, rateLimitBody(x), { "retry-after": "0" }));

/** One 503 of a burst, as a load balancer sends with no backend: empty body. */
export const unavailable = (): Fault => ({ type: "status", status: 503, body: "empty" });

/** A TCP reset before any byte of the answer. */
export const resetBeforeHeaders = (): Fault => ({ type: "drop" });

/** The answer's headers and its first 28 bytes, then a TCP reset. */
export const resetMidBody = (): Fault => ({ type: "truncate", bytes: 28 });

/**
 * Whether `fault` holds the request, leaving the client to time out: the bytes of the body it
 * sends first (0 for none; a stall that names no count is counted as 0), or undefined if it does not.
 */
export function heldBy(fault: Fault | undefined): number | undefined {
  if (fault === undefined || "act" in fault) return undefined;
  return fault.type === "hang" ? 0 : fault.type === "stall" ? (fault.bytes ?? 0) : undefined;
}

/** The request is read and never answered. */
export const noHeaders = (): Fault => ({ type: "hang" });

/** The answer's headers and its first 27 bytes, then nothing, with the connection left open. */
export const stalledBody = (): Fault => ({ type: "stall", bytes: 27 });

/** An error status with nothing in the body. */
export const emptyErrorBody = (status: number): Fault => ({ type: "status", status, body: "empty" });

/** A 200 whose JSON is cut off. */
export const malformedJson = () =>
  fault("malformed JSON on 200", (x) => {
    const text = `{"id": "art-0", "note": "${echo(x)}",`;
    x.response
      .writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
      .end(text);
  });

/** The page a proxy or a framework's debug mode puts out, quoting the request's headers. */
export const htmlErrorPage = (status: number) =>
  fault("HTML error page", (x) => {
    const html = `<!doctype html><html><body><h1>${status}</h1><pre>Authorization: ${echo(x)}</pre></body></html>`;
    x.response
      .writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html) })
      .end(html);
  });

/** Valid JSON labelled as HTML: `body`, or else the twin's own answer. */
export const jsonAsHtml = (body?: unknown) =>
  fault("wrong Content-Type", async ({ response, answer }) => {
    const normal = await answer();
    const text = body === undefined ? String(normal.body ?? "") : JSON.stringify(body);
    const headers = body === undefined ? normal.headers : {};
    response
      .writeHead(200, { ...headers, "content-type": "text/html", "content-length": Buffer.byteLength(text) })
      .end(text);
  });

/** An HTML page labelled as JSON on a 200. */
export const htmlAsJson = () =>
  fault("wrong Content-Type", (x) => {
    const html = `<html><body>Welcome, ${echo(x)}</body></html>`;
    x.response
      .writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(html) })
      .end(html);
  });

/** A redirect to the very URL that was asked for. */
export const redirectLoop = (status = 302) =>
  fault("redirect loop", ({ request, response, self }) =>
    response.writeHead(status, { location: new URL(request.url, self).href, "content-length": "0" }).end(),
  );

/** A redirect to the same path on the other origin. */
export const redirectToPeer = (status = 302) =>
  fault("redirect to another origin", ({ request, response, peer }) =>
    response.writeHead(status, { location: `${peer}${request.url}`, "content-length": "0" }).end(),
  );

/** The download's redirect, to the file on the API's own origin instead of the storage host. */
export const downloadFromSelf = () =>
  fault("download URL on the API's origin", async ({ response, self, answer }) => {
    const normal = await answer();
    const onStorage = new URL(normal.headers.location ?? "");
    const location = self + onStorage.pathname + onStorage.search;
    sendJson(response, 302, { url: location }, { location });
  });

/** A list page whose next link is the given header value (built from this server's origin and the request). */
export const linkPage = (kind: string, link: (exchange: Exchange) => string, items: unknown[] = [{ id: "art-0" }]) =>
  fault(kind, (x) => sendJson(x.response, 200, items, { link: link(x) }));

/** A 200 of `bytes` bytes or more: a list page of that size, generated once. */
export const hugePage = (bytes: number) => {
  let text: string | undefined;
  return fault("20 MB answer", ({ response }) => {
    text ??= bigList(bytes);
    response
      .writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
      .end(text);
  });
};

export const hugeFile = (bytes: number) => {
  const file = Buffer.alloc(bytes, "z");
  return fault("20 MB answer", ({ response }) =>
    response
      .writeHead(200, { "content-type": "application/octet-stream", "content-length": file.byteLength })
      .end(file),
  );
};

export const unauthorized = () =>
  fault("401", (x) => sendJson(x.response, 401, { message: `Token expired: ${echo(x)}` }));

/** Items of about 200 bytes until the list is `bytes` long. */
export function bigList(bytes: number): string {
  const item = (i: number) => JSON.stringify({ id: `art-${i}`, path: `dist/${"x".repeat(170)}/${i}` });
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const text = item(i);
    parts.push(text);
    size += text.length + 1;
  }
  return `[${parts.join(",")}]`;
}
