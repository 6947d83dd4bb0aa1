// The built client in a real browser: Debian's Chromium, driven by playwright-core (which
// downloads no browser of its own). A page on one local origin loads dist/ as ES modules (an
// import map names openapi-fetch) and calls the twin of Buildkite on another origin, which lets
// that page call it (CORS): a list, a paginate with the retry plugin, an error, a download.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Twin } from "@ci-artifacts/mock";
import { launchChromium, newBrowserContext } from "@ci-artifacts/test-support/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recorded, startServer, type TestServer } from "../support/http.js";
import { artifactsOf, BUILD, BUILDKITE_TOKEN, buildkiteTwin, closeTwins, idsOf } from "../support/twin.js";

const dist = fileURLToPath(new URL("../../dist/", import.meta.url));
// openapi-fetch's ES module, beside the CommonJS build that `require.resolve` names.
const openapiFetch = createRequire(import.meta.url)
  .resolve("openapi-fetch")
  .replace(/\.[cm]?js$/, ".mjs");
/** Two a page: the twin's five artifacts come in three. */
const PER_PAGE = 2;

let site: TestServer;
let twin: Twin<"buildkite">;
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

/**
 * What the page runs, as text: vitest rewrites the `import()` of a function handed to
 * page.evaluate into its own loader, which the page does not have.
 */
const IN_PAGE = `
import * as client from "/client/index.js";
window.run = async ({ given, base, token, build, perPage, missing, present }) => {
  const bk = client.createBuildkiteClient({ token, baseUrl: base, plugins: [client.retry({ timeoutMs: 10000 })] });
  const list = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts";
  const one = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
  const query = { per_page: perPage };
  try {
    if (given === "list") {
      const { data, response } = await bk.GET(list, { params: { path: build, query } });
      return { ids: data.map((a) => a.id), link: /page=2/.exec(response.headers.get("link") ?? "")?.[0] };
    }
    if (given === "paginate") return { ids: (await client.collect(bk, list, { params: { path: build, query } })).map((a) => a.id) };
    if (given === "error") client.unwrap(await bk.GET(one, { params: { path: missing } }));
    if (given === "download") await client.getDownloadUrl(bk, present);
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
  if (!existsSync(path.join(dist, "index.js")))
    throw new Error(`${dist} has no index.js: build the client first (pnpm build)`);
  site = await startServer(serveSite);
  twin = await buildkiteTwin({ cors: site.origin });
  browser = await launchChromium();
  page = await (await newBrowserContext(browser)).newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  // Nothing the page asks for may leave the machine.
  await page.route(
    (url) => !url.href.startsWith(site.origin) && !url.href.startsWith(twin.origin),
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
  await Promise.all([site?.close(), closeTwins()]);
});

describe("the built client in Chromium", () => {
  const ids = () => artifactsOf(twin).map((a) => a.id);
  it.each([
    {
      name: "a list: one page through the raw method, its Link header read across origins",
      given: "list",
      want: () => ({ ids: ids().slice(0, PER_PAGE), link: "page=2" }),
    },
    {
      name: "paginate with retry(): every page, on the API's origin",
      given: "paginate",
      want: () => ({ ids: ids() }),
    },
    {
      name: "an error: unwrap throws an ApiError that isApiError narrows",
      given: "error",
      want: () => ({ name: "ApiError", status: 404, isApiError: true, body: { message: "No artifact found" } }),
    },
    {
      name: "a download: the browser hides the redirect, so the client refuses",
      given: "download",
      want: () => ({ name: "ResponseError", problem: "unreadable-redirect" }),
    },
  ])("$name", async ({ given, want }) => {
    const first = artifactsOf(twin)[0]!;
    const args = {
      given,
      base: twin.url,
      token: BUILDKITE_TOKEN,
      build: BUILD,
      perPage: PER_PAGE,
      missing: { ...idsOf(first), artifact_id: "00000000-0000-4000-8000-000000000000" },
      present: idsOf(first),
    };
    const result = await page.evaluate(`run(${JSON.stringify(args)})`);
    expect(result).toEqual(want());
    expect(errors).toEqual([]);
  });
});
