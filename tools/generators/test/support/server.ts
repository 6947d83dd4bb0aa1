/**
 * The server the generated clients call. Until `@ci-artifacts/mock` serves both APIs from a
 * program, this is a small `node:http` server that answers every operation of a bundle with
 * its named examples (`answers.ts`); `startApiServer` is the one place to switch.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Answer, type Route, routes } from "./answers.js";

/** The bearer token every request must carry. */
export const TOKEN = "generators-test-token";

export interface ApiServer {
  /** The API root to give a client, on 127.0.0.1. */
  url: string;
  /**
   * Requests that reached the storage host a download redirects to. A client that follows the
   * redirect shows up here, with the headers it sent.
   */
  storageRequests: { url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** Where this server's stand-in for the storage host is: a redirect to it stays on 127.0.0.1. */
const STORAGE = "/__storage/";

export async function startApiServer(document: unknown): Promise<ApiServer> {
  const table = routes(document);
  const storageRequests: ApiServer["storageRequests"] = [];
  let origin = "";
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    if (url.pathname.startsWith(STORAGE)) {
      storageRequests.push({ url: url.href, authorization: request.headers.authorization });
      send(response, 200, { "content-type": "application/octet-stream" }, "file contents");
      return;
    }
    const matches = table.filter((route) => route.pattern.test(url.pathname));
    const route = matches.find((r) => r.operation.method === request.method?.toLowerCase());
    if (!route) {
      const status = matches.length > 0 ? 405 : 404;
      sendJson(response, status, {}, { message: `no operation ${request.method} ${url.pathname}` });
      return;
    }
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      sendJson(response, 401, {}, { message: `${route.operation.name}: no bearer token` });
      return;
    }
    drain(request, () => answer(response, route, origin));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    storageRequests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

function answer(response: ServerResponse, route: Route, origin: string): void {
  const { status, headers, body }: Answer = route.answer;
  const out = { ...headers };
  let json = body === undefined ? undefined : JSON.stringify(body);
  const location = headers.location;
  if (location) {
    // The example's storage URL, moved onto this server so that a followed redirect is seen.
    const local = `${origin}${STORAGE}${location.replace(/^https?:\/\//, "")}`;
    out.location = local;
    json = json?.split(JSON.stringify(location).slice(1, -1)).join(local);
  }
  if (json === undefined) send(response, status, out, "");
  else sendJson(response, status, out, json);
}

function sendJson(response: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  send(response, status, { ...headers, "content-type": "application/json" }, text);
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, text: string): void {
  response.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(text)) });
  response.end(text);
}

function drain(request: IncomingMessage, then: () => void): void {
  request.resume();
  request.on("end", then);
}
