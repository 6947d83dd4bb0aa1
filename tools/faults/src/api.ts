import type { Exchange } from "./server.js";
import { sendJson } from "./server.js";

/** Buildkite's API root on the fault server, as https://api.buildkite.com/v2. */
export const BUILDKITE_ROOT = "/v2";
/** Buddy's API root on the fault server, as a self-hosted https://<host>/api. */
export const BUDDY_ROOT = "/api";

export interface ApiOptions {
  /** Artifacts in a build's list. Default 250. */
  listSize?: number;
}

const LIST = /^\/v2\/organizations\/[^/]+\/pipelines\/[^/]+\/builds\/[^/]+\/artifacts$/;
const ONE = /^\/v2\/organizations\/[^/]+\/pipelines\/[^/]+\/builds\/[^/]+\/jobs\/[^/]+\/artifacts\/([^/]+)$/;
const DOWNLOAD =
  /^\/v2\/organizations\/[^/]+\/pipelines\/[^/]+\/builds\/[^/]+\/jobs\/[^/]+\/artifacts\/([^/]+)\/download$/;
const BUDDY_LIST = /^\/api\/workspaces\/[^/]+\/artifacts$/;
const BUDDY_ONE = /^\/api\/workspaces\/[^/]+\/artifacts\/([^/]+)$/;
const FILE = /^\/files\/[^/]+$/;

export const artifactId = (n: number) => `art-${n}`;

/**
 * The normal answers of a small artifact API: Buildkite's list (paged by Link), get, delete and
 * download redirect, Buddy's create and update, and files (as a storage host on the same origin). Every answer echoes the caller's X-Request-Id, so
 * a test can match answers to requests one to one.
 */
export function artifactApi(options: ApiOptions = {}): (exchange: Exchange) => void {
  const listSize = options.listSize ?? 250;
  const files = storageHost();
  return (exchange) => {
    const { request, response, self, peer } = exchange;
    const url = new URL(request.url, self);
    const requestId = request.headers["x-request-id"] ?? null;
    const download = DOWNLOAD.exec(url.pathname);
    const one = ONE.exec(url.pathname);
    const buddyOne = BUDDY_ONE.exec(url.pathname);
    if (request.method === "GET" && LIST.test(url.pathname)) {
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const from = (page - 1) * perPage;
      const items = Array.from({ length: Math.max(0, Math.min(perPage, listSize - from)) }, (_, i) => ({
        id: artifactId(from + i),
      }));
      const headers: Record<string, string> = {};
      if (from + perPage < listSize) {
        const next = new URL(url);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next.href}>; rel="next"`;
      }
      sendJson(response, 200, items, headers);
    } else if (download && request.method === "GET") {
      // The storage host is the other origin, as S3 is to Buildkite.
      const location = `${peer || self}/files/${download[1]}?X-Amz-Expires=60&X-Amz-Signature=f00d`;
      sendJson(response, 302, { url: location }, { location });
    } else if (one && request.method === "GET") {
      sendJson(response, 200, { id: one[1], path: `dist/${one[1]}.tgz`, request_id: requestId });
    } else if (one && request.method === "DELETE") {
      response.writeHead(204).end();
    } else if (FILE.test(url.pathname) && request.method === "GET") {
      files(exchange);
    } else if (BUDDY_LIST.test(url.pathname) && request.method === "POST") {
      const body = JSON.parse(request.body) as { name: string };
      sendJson(response, 201, { id: body.name, name: body.name, request_id: requestId });
    } else if (buddyOne && request.method === "PATCH") {
      const body = JSON.parse(request.body) as { name?: string };
      sendJson(response, 200, { id: buddyOne[1], name: body.name, request_id: requestId });
    } else {
      sendJson(response, 404, { message: `no route for ${request.method} ${url.pathname}` });
    }
  };
}

/** The storage host's normal answer: `size` bytes of the file named in the path. */
export function storageHost(size = 64): (exchange: Exchange) => void {
  return ({ request, response }) => {
    const file = Buffer.alloc(size, request.url.split("?")[0] ?? "x");
    response
      .writeHead(200, { "content-type": "application/octet-stream", "content-length": file.byteLength })
      .end(file);
  };
}
