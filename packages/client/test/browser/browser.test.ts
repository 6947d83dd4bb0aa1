// The built client in a real browser: Debian's Chromium, driven by playwright-core (which
// downloads no browser of its own). A page on one local origin loads dist/ as ES modules (an
// import map names openapi-fetch) and calls a Buildkite stand-in on another origin, which
// answers with CORS headers: a list, a paginate with the retry plugin, an error, a download.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recorded, startServer, type TestServer } from "../support/http.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TOKEN = "a-token-for-the-browser";
const dist = fileURLToPath(new URL("../../dist/", import.meta.url));
// openapi-fetch's ES module, beside the CommonJS build that `require.resolve` names.
const openapiFetch = createRequire(import.meta.url)
  .resolve("openapi-fetch")
  .replace(/\.[cm]?js$/, ".mjs");
const PAGES = 3;

let site: TestServer;
let api: TestServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

/** The page's origin: an HTML page with the import map, dist/ under /client/, openapi-fetch's module. */
async function serveSite(request: Recorded, response: ServerResponse) {
  const url = new URL(request.url, "http://x");
  if (url.pathname === "/") {
    const map = { imports: { "openapi-fetch": "/openapi-fetch.mjs" } };
    response
      .writeHead(200, { "content-type": "text/html" })
      .end(`<!doctype html><script type="importmap">${JSON.stringify(map)}</script><title>client</title>`);
    return;
  }
  const file =
    url.pathname === "/openapi-fetch.mjs" ? openapiFetch : path.join(dist, url.pathname.replace(/^\/client\//, ""));
  const body = file === openapiFetch || file.startsWith(dist) ? await readFile(file).catch(() => undefined) : undefined;
  if (body === undefined) response.writeHead(404).end();
  else response.writeHead(200, { "content-type": "text/javascript" }).end(body);
}

/** A Buildkite stand-in on another origin, answering with CORS headers: a list in pages, a 404, a download's 302. */
function serveApi(request: Recorded, response: ServerResponse): void {
  const cors = {
    "access-control-allow-origin": site.origin,
    "access-control-allow-headers": "authorization, content-type",
    "access-control-expose-headers": "link, ratelimit-remaining, ratelimit-limit, ratelimit-reset",
  };
  if (request.method === "OPTIONS") {
    response.writeHead(204, { ...cors, "access-control-allow-methods": "GET, DELETE" }).end();
    return;
  }
  const url = new URL(request.url, api.origin);
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    void response
      .writeHead(status, { ...cors, "content-type": "application/json", ...headers })
      .end(JSON.stringify(body));
  if (request.headers.authorization !== `Bearer ${TOKEN}`) {
    json(401, { message: "Authentication required" });
    return;
  }
  if (url.pathname.endsWith("/download")) {
    response.writeHead(302, { ...cors, location: `${api.origin}/files/a` }).end();
    return;
  }
  if (url.pathname.endsWith("/artifacts")) {
    const n = Number(url.searchParams.get("page") ?? "1");
    const next = new URL(url);
    next.searchParams.set("page", String(n + 1));
    const budget = { "ratelimit-remaining": "100", "ratelimit-limit": "200", "ratelimit-reset": "30" };
    json(
      200,
      [{ id: `page-${n}-a` }, { id: `page-${n}-b` }],
      n < PAGES ? { link: `<${next.href}>; rel="next"`, ...budget } : budget,
    );
    return;
  }
  json(404, { message: "No artifact found" });
}

/**
 * What the page runs, as text: vitest rewrites the `import()` of a function handed to
 * page.evaluate into its own loader, which the page does not have.
 */
const IN_PAGE = `
import * as client from "/client/index.js";
window.run = async ({ given, base, token }) => {
  const bk = client.createBuildkiteClient({ token, baseUrl: base, plugins: [client.retry({ timeoutMs: 10000 })] });
  const build = { org_slug: "acme", pipeline_slug: "web", build_number: 1 };
  const list = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts";
  const one = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
  const ids = { ...build, job_id: "j", artifact_id: "gone" };
  try {
    if (given === "list") {
      const { data, response } = await bk.GET(list, { params: { path: build } });
      return { ids: data.map((a) => a.id), link: /page=2/.exec(response.headers.get("link") ?? "")?.[0] };
    }
    if (given === "paginate") return { ids: (await client.collect(bk, list, { params: { path: build } })).map((a) => a.id) };
    if (given === "error") client.unwrap(await bk.GET(one, { params: { path: ids } }));
    if (given === "download") await client.getDownloadUrl(bk, ids);
    return { unexpected: "no error" };
  } catch (error) {
    return {
      name: error.name,
      ...(error.status !== undefined && { status: error.status, body: error.body, isApiError: client.isBuildkiteApiError(error, 404) }),
      ...(error.problem !== undefined && { problem: error.problem }),
    };
  }
};
`;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or point CHROMIUM_PATH at one`,
    );
  }
  if (!existsSync(path.join(dist, "index.js")))
    throw new Error(`${dist} has no index.js: build the client first (pnpm build)`);
  site = await startServer(serveSite);
  api = await startServer(serveApi);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  // Nothing the page asks for may leave the machine.
  await page.route(
    (url) => !url.href.startsWith(site.origin) && !url.href.startsWith(api.origin),
    (route) => {
      errors.push(`foreign request: ${route.request().url()}`);
      return route.abort();
    },
  );
  await page.goto(`${site.origin}/`);
  await page.addScriptTag({ type: "module", content: IN_PAGE });
  await page.waitForFunction("typeof window.run === 'function'");
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([site?.close(), api?.close()]);
});

describe("the built client in Chromium", () => {
  it.each([
    {
      name: "a list: one page through the raw method",
      given: "list",
      want: { ids: ["page-1-a", "page-1-b"], link: "page=2" },
    },
    {
      name: "paginate with retry(): every page, on the API's origin",
      given: "paginate",
      want: { ids: Array.from({ length: PAGES }, (_, i) => [`page-${i + 1}-a`, `page-${i + 1}-b`]).flat() },
    },
    {
      name: "an error: unwrap throws an ApiError that isApiError narrows",
      given: "error",
      want: { name: "ApiError", status: 404, isApiError: true, body: { message: "No artifact found" } },
    },
    {
      name: "a download: the browser hides the redirect, so the client refuses",
      given: "download",
      want: { name: "ResponseError", problem: "unreadable-redirect" },
    },
  ])("$name", async ({ given, want }) => {
    const result = await page.evaluate(`run(${JSON.stringify({ given, base: `${api.origin}/v2`, token: TOKEN })})`);
    expect(result).toEqual(want);
    expect(errors).toEqual([]);
  });
});
