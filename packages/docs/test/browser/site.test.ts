// The site in a real browser: Debian's Chromium, driven by playwright-core (which downloads no
// browser of its own), against dist/ served on 127.0.0.1. One browser for the whole file.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OperationRef, operations } from "../../lib/build/samples.mjs";
import { startServer } from "../../lib/server.mjs";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.join(packageDir, "dist");
const results = path.join(packageDir, "test-results");
const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const APIS = [
  { api: "buddy", title: "Buddy.works Artifacts API" },
  { api: "buildkite", title: "Buildkite Artifacts API" },
] as const;

let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let context: BrowserContext;
/** Every request the pages made to another origin; each is aborted before it leaves the machine. */
const foreign: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or point CHROMIUM_PATH at one`,
    );
  }
  if (!existsSync(path.join(dist, "index.html")))
    throw new Error(`${dist} has no index.html: build the site first (pnpm build)`);
  mkdirSync(results, { recursive: true });
  server = await startServer({ root: dist });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const origin = new URL(server.url).origin;
  await context.route(
    (url) => url.protocol !== "data:" && url.origin !== origin,
    (route) => {
      foreign.push(route.request().url());
      return route.abort();
    },
  );
  // A load that the page's Content-Security-Policy refuses never becomes a request: record those
  // too. (Redoc's search also probes `Function` to pick a worker; that refusal loads nothing.)
  await context.addInitScript(() => {
    const refused: string[] = [];
    Object.defineProperty(window, "__refusedLoads", { value: refused });
    document.addEventListener("securitypolicyviolation", (event) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(event.blockedURI)) refused.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page that records console errors and uncaught exceptions. */
async function open() {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`exception: ${error.message}`));
  return { page, errors };
}

/** What went wrong on a page that should be clean: errors, refused loads, requests off the origin. */
async function problems(page: Page, errors: string[]) {
  const refused = await page.evaluate(() => (window as unknown as { __refusedLoads: string[] }).__refusedLoads);
  return { errors, refused, foreign: [...foreign] };
}

/** Waits until the element with this id has been scrolled into the viewport. */
async function waitScrolledTo(page: Page, id: string) {
  await page.waitForFunction((target) => {
    const element = document.getElementById(target);
    if (!element) return false;
    const top = element.getBoundingClientRect().top;
    return top >= 0 && top < window.innerHeight;
  }, id);
}

/** Redoc's anchor of an operation: `#/<tag slug>/<operationId in lower case>`, as the package README documents. */
function anchorOf(ref: OperationRef) {
  const tag = String(ref.operation.tags?.[0] ?? "")
    .toLowerCase()
    .replace(/\s+/g, "-");
  return `#/${tag}/${String(ref.operation.operationId).toLowerCase()}`;
}

describe("pages", () => {
  it.each([
    {
      name: "landing page",
      given: "index.html",
      want: { title: "ci-artifacts: Buddy.works and Buildkite artifact APIs", ready: "main.prose h1" },
    },
    ...APIS.map(({ api, title }) => ({
      name: `${api} reference`,
      given: `${api}/index.html`,
      want: { title: `${title} · ci-artifacts`, ready: "[data-testid=search-trigger]" },
    })),
    {
      name: "discrepancy register",
      given: "discrepancies.html",
      want: { title: "Discrepancy register · ci-artifacts", ready: "#B01" },
    },
  ])("$name loads cleanly, from this origin only, and links home", async ({ name, given, want }) => {
    const { page, errors } = await open();
    await page.goto(server.url + given, { waitUntil: "load" });
    await page.locator(want.ready).first().waitFor();
    await page.waitForLoadState("networkidle");
    // Redoc's search box says "Loading..." until its index is built; screenshot it ready.
    if (want.ready.includes("search-trigger")) await page.getByTestId("search-trigger").getByText("Search").waitFor();

    expect(await page.title()).toBe(want.title);
    const home = await page.locator("header.topbar a.topbar-home").getAttribute("href");
    expect(new URL(home ?? "", page.url()).href).toBe(`${server.url}index.html`);
    const icon = await page.locator('link[rel="icon"]').getAttribute("href");
    expect(new URL(icon ?? "", page.url()).href).toBe(`${server.url}favicon.svg`);
    expect(await problems(page, errors)).toEqual({ errors: [], refused: [], foreign: [] });

    await page.screenshot({
      path: path.join(results, `${name.replaceAll(" ", "-")}.png`),
      fullPage: !given.includes("/"),
    });
    await page.close();
  });
});

describe.each(APIS)("$api reference", ({ api }) => {
  const url = `${api}/index.html`;
  const bundle = JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8"));
  const refs = operations(bundle);
  let page: Page;
  let errors: string[];

  /** Goes to an anchor of the reference: a jump within the page once it is loaded, as a link click does. */
  async function jump(anchor: string) {
    if (!page.url().startsWith(server.url + url)) await page.goto(server.url + url);
    await page.keyboard.press("Escape");
    await page.goto(server.url + url + anchor);
    await waitScrolledTo(page, anchor.slice(2));
  }

  beforeAll(async () => {
    ({ page, errors } = await open());
  });

  afterAll(async () => {
    expect(await problems(page, errors)).toEqual({ errors: [], refused: [], foreign: [] });
    await page.close();
  });

  it("opens a bookmarked operation anchor on a fresh load", async () => {
    const ref = refs[refs.length - 1]!;
    await page.goto(server.url + url + anchorOf(ref));
    await waitScrolledTo(page, anchorOf(ref).slice(2));
    await expect(
      page
        .locator(`[id="${anchorOf(ref).slice(2)}"] h2`)
        .first()
        .innerText(),
    ).resolves.toBe(ref.operation.summary);
  });

  it.each(refs.map((ref) => ({ name: String(ref.operation.operationId), given: ref })))(
    "$name: its anchor opens its section, with curl and TypeScript samples",
    async ({ given }) => {
      const anchor = anchorOf(given);
      await jump(anchor);
      const section = page.locator(`[id="${anchor.slice(2)}"]`);
      await expect(section.locator("h2").first().innerText()).resolves.toBe(given.operation.summary);

      const panel = section
        .getByTestId("right-panel")
        .filter({ has: page.locator('[data-component-name="Panel/PanelHeader"]') })
        .first();
      const language = panel.locator('[data-component-name="Panel/PanelHeader"] [data-testid=dropdown] button').last();
      const code = panel.locator("pre[data-testid=source-code]").first();
      for (const [name, want] of [
        [
          "TypeScript",
          readFileSync(path.join(packageDir, "samples", api, `${given.operation.operationId}.ts`), "utf8").trim(),
        ],
        ["curl", `curl --request ${given.method.toUpperCase()}`],
      ] as const) {
        await language.click();
        // The menu opens in a portal at the end of the body, not inside the panel.
        await page.getByRole("menuitem", { name, exact: true }).click();
        await expect(language.innerText()).resolves.toBe(name);
        expect((await code.innerText()).trim()).toContain(want);
      }
    },
  );

  it.each(
    [
      { name: "finds 'download'", given: { api: "buildkite", term: "download" }, want: "#/artifacts/downloadartifact" },
      { name: "finds 'retention'", given: { api: "buddy", term: "retention" }, want: "#/artifacts/getartifact" },
    ].filter((row) => row.given.api === api),
  )("search $name and goes to the operation", async ({ given, want }) => {
    await jump(anchorOf(refs[0]!));
    await page.getByTestId("search-trigger").click();
    await page.getByPlaceholder("Search docs...").fill(given.term);
    const items = page.locator('a[data-component-name="Search/SearchItem"]');
    await items.first().waitFor();
    const hrefs = await items.evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    const hit = hrefs.findIndex((href) => href === want || href.startsWith(`${want}#`));
    expect(hit, `results: ${hrefs.join(", ")}`).toBeGreaterThanOrEqual(0);

    // A result names the operation, then the field that matched: `#/tag/op#tag/op/t=...`.
    const href = hrefs[hit]!;
    const target = href.includes("#", 1) ? href.slice(href.indexOf("#", 1) + 1) : href.slice(2);
    await items.nth(hit).click();
    await waitScrolledTo(page, target);
    expect(new URL(page.url()).hash.startsWith(want)).toBe(true);
  });

  it.each(
    [{ name: "createArtifact", given: { api: "buddy", operationId: "createArtifact" } }].filter(
      (row) => row.given.api === api,
    ),
  )("expands every schema of $name", async ({ given }) => {
    const ref = refs.find((r) => r.operation.operationId === given.operationId)!;
    const id = anchorOf(ref).slice(2);
    await jump(anchorOf(ref));
    const section = page.locator(`[id="${id}"]`);
    const count = () => section.locator(`[id^="${id}/t="]`).count();
    const before = await count();
    await section.getByTestId("schema-expand-all-button").first().click();
    await page.waitForFunction(([prefix, was]) => document.querySelectorAll(`[id^="${prefix}"]`).length > was, [
      `${id}/t=`,
      before,
    ] as const);
    expect(await count()).toBeGreaterThan(before);
  });

  it("downloads the bundle from next to the page", async () => {
    await jump(anchorOf(refs[0]!));
    await page.evaluate(() => window.scrollTo(0, 0));
    const download = page.waitForEvent("download");
    await page.getByTestId("download-button").first().click();
    const file = await download;
    expect(file.url()).toBe(`${server.url}${api}/${api}.yaml`);
    expect(readFileSync((await file.path())!, "utf8")).toBe(readFileSync(path.join(dist, api, `${api}.yaml`), "utf8"));
  });
});
