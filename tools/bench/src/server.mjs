// @ts-check
// The local Buildkite stand-in for item 3: node:http on 127.0.0.1 only, bodies serialised once,
// so the server costs the same whichever caller is measured.
import { createServer } from "node:http";
import { ARTIFACT, PER_PAGE, pageBody } from "./fixture.mjs";

const ARTIFACT_BODY = Buffer.from(JSON.stringify(ARTIFACT));
// One page body reused for every page number: the client sees the same bytes per page whatever
// the page count, so a heap that grows with pages is the caller's doing.
const PAGE_BODY = Buffer.from(pageBody(0));
const LIST = /^\/v2\/organizations\/[^/]+\/pipelines\/[^/]+\/builds\/(\d+)\/artifacts$/;
const ONE = /^\/v2\/organizations\/[^/]+\/pipelines\/[^/]+\/builds\/\d+\/jobs\/[^/]+\/artifacts\/[^/]+$/;

/**
 * The build number of a list URL is its page count, so one server serves 10, 50 and 200 pages.
 * @returns {Promise<{ origin: string, requests: () => number, close: () => Promise<void> }>}
 */
export async function startServer() {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    // The Host header names the port the client dialled, so next links are absolute URLs on its origin.
    const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "127.0.0.1"}`);
    if (request.headers.authorization === undefined) {
      response.writeHead(401, { "content-type": "application/json" }).end('{"message":"Unauthorized"}');
      return;
    }
    if (ONE.test(url.pathname)) {
      response
        .writeHead(200, { "content-type": "application/json", "content-length": ARTIFACT_BODY.byteLength })
        .end(ARTIFACT_BODY);
      return;
    }
    const list = LIST.exec(url.pathname);
    if (list) {
      const pages = Number(list[1]);
      const page = Number(url.searchParams.get("page") ?? "1");
      const perPage = Number(url.searchParams.get("per_page") ?? "30");
      if (perPage !== PER_PAGE) {
        response
          .writeHead(400, { "content-type": "application/json" })
          .end(`{"message":"per_page must be ${PER_PAGE} here"}`);
        return;
      }
      /** @type {Record<string, string | number>} */
      const headers = { "content-type": "application/json", "content-length": PAGE_BODY.byteLength };
      if (page < pages) {
        const next = new URL(url);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next.href}>; rel="next"`;
      }
      response.writeHead(200, headers).end(PAGE_BODY);
      return;
    }
    response.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
  });
  // Many concurrent keep-alive sockets from one client: do not let idle timeouts close them mid-run.
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server: no TCP address");
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
