// The site in a real browser: Debian's Chromium, driven by playwright-core (which downloads no
// browser of its own), against dist/ served on 127.0.0.1. One browser for the whole file; every
// page at a desktop width and a phone's. Screenshots go to test-results/ (look at them).
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, newBrowserContext } from "@ci-artifacts/test-support/chromium";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUIDES } from "../../lib/build/guides.mjs";
import { htmlFiles } from "../../lib/build/links.mjs";
import { type OperationRef, operations } from "../../lib/build/samples.mjs";
import { startServer } from "../../lib/server.mjs";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const repoRoot = path.resolve(packageDir, "../..");
const dist = path.join(packageDir, "dist");
const results = path.join(packageDir, "test-results");
const require = createRequire(import.meta.url);
const APIS = [
  { api: "buddy", title: "Buddy.works Artifacts API" },
  { api: "buildkite", title: "Buildkite Artifacts API" },
] as const;
const DESKTOP = 1280;
const PHONE = 390;
const bundle = (api: string) => JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8"));

let server: { url: string; close: () => Promise<void> };
let browser: Browser;
/** Every request a page made to another origin; each is aborted before it leaves the machine. */
const foreign: string[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(dist, "index.html")))
    throw new Error(`${dist} has no index.html: build the site first (pnpm build)`);
  mkdirSync(results, { recursive: true });
  server = await startServer({ root: dist });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A browser context of the given width that aborts and records any request off the origin. */
async function newContext(width: number) {
  const context = await newBrowserContext(browser, { viewport: { width, height: 900 }, acceptDownloads: true });
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
  return context;
}

/** Opens a page that records console errors and uncaught exceptions. */
async function open(context: BrowserContext) {
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

/** Loads a page of the site and waits until it is ready to read (a reference: until Redoc's search is). */
async function visit(page: Page, file: string) {
  await page.goto(server.url + file, { waitUntil: "load" });
  await page.waitForLoadState("networkidle");
  // Redoc's search box says "Loading..." until its index is built (on a phone the box is in the
  // folded menu, so wait for its text rather than for it to show).
  if (await isReference(page))
    await page.waitForFunction(
      () => document.querySelector("[data-testid=search-trigger]")?.textContent?.includes("Search") === true,
    );
}

const isReference = (page: Page) => page.evaluate(() => document.getElementById("redoc") !== null);

/** How much wider than the window the page is (0 when nothing scrolls sideways). */
const overflow = (page: Page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);

/** Scrolls an element into view and says where it is: inside the window, side to side and top to bottom. */
async function placed(selector: ReturnType<Page["locator"]>) {
  await selector.scrollIntoViewIfNeeded();
  const where = await selector.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return {
      visible: box.width > 0 && box.height > 0,
      within: box.left >= 0 && box.right <= window.innerWidth + 0.5,
      onScreen: box.top < window.innerHeight && box.bottom > 0,
      box: `${Math.round(box.left)}..${Math.round(box.right)} x ${Math.round(box.top)}..${Math.round(box.bottom)} in ${window.innerWidth} x ${window.innerHeight}`,
    };
  });
  return { ...where, box: where.visible && where.within && where.onScreen ? "" : where.box };
}

const shot = (name: string) => path.join(results, `${name.replace(/[^\w.-]+/g, "_")}.png`);

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

const PAGES = htmlFiles(dist).sort();

describe("every page", () => {
  it("is more than the four of the first site: guides and sources are pages too", () => {
    expect(PAGES).toEqual(
      expect.arrayContaining(["guides/client.html", "sources/recorded.html", "discrepancies.html"]),
    );
    expect(PAGES.filter((page) => page.startsWith("sources/") && page !== "sources/recorded.html").length).toBe(
      readdirSync(path.join(repoRoot, "spec", "sources")).filter((f) => f !== "README.md").length + 1,
    );
  });

  describe.each([{ width: DESKTOP }, { width: PHONE }])("at $width px", ({ width }) => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await newContext(width);
    });
    afterAll(async () => {
      await context?.close();
    });

    it.each(PAGES)(
      "%s loads cleanly from this origin, scrolls no sideways, and reaches every top bar entry",
      async (file) => {
        const { page, errors } = await open(context);
        await visit(page, file);

        expect(await problems(page, errors)).toEqual({ errors: [], refused: [], foreign: [] });
        expect(await overflow(page), "pixels wider than the window").toBe(0);
        const home = await page.locator("header.topbar a.topbar-home").getAttribute("href");
        expect(new URL(home ?? "", page.url()).href).toBe(`${server.url}index.html`);

        // Every entry of the top bar is on screen, whole, and is what a tap at its centre hits.
        await page.evaluate(() => window.scrollTo(0, 0));
        const links = page.locator("header.topbar a");
        expect(await links.count()).toBe(APIS.length + 4);
        for (const link of await links.all()) {
          const where = await link.evaluate((element) => {
            const box = element.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return {
              text: element.textContent?.trim(),
              whole:
                box.left >= 0 && box.right <= window.innerWidth && box.top >= 0 && box.bottom <= window.innerHeight,
              tappable: hit !== null && element.contains(hit),
            };
          });
          expect(where, where.text).toEqual({ text: where.text, whole: true, tappable: true });
        }

        await page.screenshot({ path: shot(`${width}-${file}`), fullPage: !(await isReference(page)) });
        await page.close();
      },
    );
  });
});

describe.each(APIS)("$api reference", ({ api, title }) => {
  const url = `${api}/index.html`;
  const refs = operations(bundle(api));
  let context: BrowserContext;
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
    context = await newContext(DESKTOP);
    ({ page, errors } = await open(context));
    await visit(page, url);
  });

  afterAll(async () => {
    expect(await problems(page, errors)).toEqual({ errors: [], refused: [], foreign: [] });
    await context.close();
  });

  it("is titled after its API", async () => {
    expect(await page.title()).toBe(`${title} · ci-artifacts`);
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
    "$name: its anchor opens its section, with curl and its TypeScript sample",
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
      // The one sample set: spec/<api>/code_samples/TypeScript/<operationId>.ts, as the bundle carries it.
      const file = path.join(repoRoot, "spec", api, "code_samples", "TypeScript", `${given.operation.operationId}.ts`);
      for (const [name, want] of [
        ["TypeScript", readFileSync(file, "utf8").trim()],
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

  it("shows every path of its Operations panel whole, each different", async () => {
    const tag = anchorOf(refs[0]!).split("/").slice(0, 2).join("/");
    await jump(tag);
    const paths = await page.locator('[data-testid="items-navigation-list"] a').evaluateAll((links) =>
      links.map((link) => {
        const path = [...link.querySelectorAll("span")].find((span) => span.textContent?.startsWith("/"));
        return { text: path?.textContent ?? "", cut: path ? path.scrollWidth > path.clientWidth + 1 : true };
      }),
    );
    expect(paths.map((p) => p.text).sort()).toEqual(refs.map((ref) => ref.path).sort());
    expect(paths.filter((p) => p.cut)).toEqual([]);
    await page.screenshot({ path: shot(`${api}-operations-panel`) });
  });

  it("shows no Markdown as typed in any field, schemas expanded", async () => {
    for (const ref of refs) {
      await jump(anchorOf(ref));
      for (const button of await page
        .locator(`[id="${anchorOf(ref).slice(2)}"]`)
        .getByTestId("schema-expand-all-button")
        .all())
        await button.click();
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    const raw = await page.evaluate(() => {
      const found: string[] = [];
      const walker = document.createTreeWalker(document.getElementById("redoc") ?? document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest("pre, code, script, style, textarea")) continue;
        if (/`|\*\*|\]\(/.test(node.textContent ?? "")) found.push(node.textContent ?? "");
      }
      return found;
    });
    expect(raw).toEqual([]);
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

/** Every word of a description, as written: the text of every string of the bundle. */
function sourceWords(document: unknown) {
  const words = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === "string")
      for (const word of node.match(/[\p{L}\p{N}_]+/gu) ?? []) words.add(word.toLowerCase());
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object")
      for (const [key, value] of Object.entries(node)) {
        walk(key);
        walk(value);
      }
  };
  walk(document);
  return words;
}
/** Every string of a bundle, one a line: where a result's text must come from. */
function sourceText(document: unknown): string {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") found.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(document);
  return found.join("\n");
}
/** Words Redoc's search results add of their own: where the match is. */
const RESULT_LABELS = ["response", "request", "fields", "headers", "examples", "parameters", "path", "query", "body"];

describe("search", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(DESKTOP);
  });
  afterAll(async () => {
    await context?.close();
  });

  it.each([
    {
      name: "'download' in Buildkite",
      given: { api: "buildkite", term: "download" },
      want: "#/artifacts/downloadartifact",
    },
    { name: "'retention' in Buddy.works", given: { api: "buddy", term: "retention" }, want: "#/artifacts/getartifact" },
    { name: "'rate limit' in Buildkite", given: { api: "buildkite", term: "rate limit" }, want: "#/" },
    {
      name: "'rate limit' in Buddy.works",
      given: { api: "buddy", term: "rate limit" },
      want: "#/artifacts/getartifact",
    },
  ])("$name: results run no words together, and one goes to its section", async ({ given, want }) => {
    const { page, errors } = await open(context);
    await visit(page, `${given.api}/index.html`);
    await page.getByTestId("search-trigger").click();
    await page.getByPlaceholder("Search docs...").fill(given.term);
    const items = page.locator('a[data-component-name="Search/SearchItem"]');
    await items.first().waitFor();
    await page.screenshot({ path: shot(`search-${given.api}-${given.term}`) });
    const found = await items.evaluateAll((links) =>
      links.map((link) => ({ href: link.getAttribute("href") ?? "", text: (link as HTMLElement).innerText })),
    );

    // A result's excerpt is cut with "..." at either end; a word cut there is not run together.
    const known = sourceWords(bundle(given.api));
    for (const label of RESULT_LABELS) known.add(label);
    const unknown = found.flatMap(({ text }) =>
      (text.replace(/\S*\.\.\.\S*/g, " ").match(/[\p{L}\p{N}_]+/gu) ?? []).filter(
        (word) => !known.has(word.toLowerCase()),
      ),
    );
    expect(unknown, found.map((f) => f.text).join("\n---\n")).toEqual([]);
    // Nor sentences: a word, a stop and a word with no space between ("absent.Requires") must be
    // written so in the bundle ("Buddy.works", "api.buildkite.com").
    const source = sourceText(bundle(given.api));
    const glued = found.flatMap(({ text }) =>
      (text.replace(/\S*\.\.\.\S*/g, " ").match(/[\p{L}\p{N}_]+[.,;:!?)][\p{L}\p{N}_]+/gu) ?? []).filter(
        (pair) => !source.includes(pair),
      ),
    );
    expect(glued, found.map((f) => f.text).join("\n---\n")).toEqual([]);

    const hit = found.findIndex(({ href }) => href === want || href.startsWith(`${want}#`));
    expect(hit, `results: ${found.map((f) => f.href).join(", ")}`).toBeGreaterThanOrEqual(0);
    // A result names the operation, then the field that matched: `#/tag/op#tag/op/t=...`.
    const href = found[hit]!.href;
    const target = href.includes("#", 1) ? href.slice(href.indexOf("#", 1) + 1) : href.slice(2);
    await items.nth(hit).click();
    if (target) await waitScrolledTo(page, target);
    expect(new URL(page.url()).hash.startsWith(want)).toBe(true);
    expect(await problems(page, errors)).toEqual({ errors: [], refused: [], foreign: [] });
    await page.close();
  });

  it("can tell: the words the first site ran together are no words of the bundles", () => {
    // The words the first site's index ran together, from line breaks in the descriptions.
    const words = sourceWords([bundle("buddy"), bundle("buildkite")]);
    for (const joined of ["ownstorage", "givenboth", "redirectwith", "thelink", "absentrequires"])
      expect(words.has(joined)).toBe(false);
  });
});

describe("guides", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(DESKTOP);
  });
  afterAll(async () => {
    await context?.close();
  });

  it.each(GUIDES.map((guide) => ({ name: guide.id, given: guide })))(
    "$name: every code block that names a tested file is that file, and every tested file the README shows is there",
    async ({ given }) => {
      const { page, errors } = await open(context);
      await visit(page, `guides/${given.id}.html`);
      const blocks = await page
        .locator("main pre")
        .evaluateAll((pres) =>
          pres.map((pre) => ({ source: pre.getAttribute("data-source"), text: pre.textContent ?? "" })),
        );
      const shown = blocks.filter((block) => block.source !== null);
      for (const block of shown)
        expect(block.text, String(block.source)).toBe(
          readFileSync(path.join(repoRoot, String(block.source)), "utf8").replace(/\n$/, ""),
        );

      // Independently of the build: each example or code sample that the README holds verbatim.
      const readme = readFileSync(path.join(repoRoot, "packages", given.package, "README.md"), "utf8");
      const tested = [
        ...listFiles(path.join(repoRoot, "packages", given.package, "examples")),
        ...APIS.flatMap(({ api }) => listFiles(path.join(repoRoot, "spec", api, "code_samples"))),
      ].filter((file) => readme.includes(readFileSync(file, "utf8")));
      for (const file of tested) {
        const relative = path.relative(repoRoot, file);
        expect(
          shown.map((block) => block.source),
          relative,
        ).toContain(relative);
      }
      expect(await problems(page, errors)).toEqual({ errors: [], refused: [], foreign: [] });
      await page.close();
    },
  );

  it("the client guide shows its examples and every operation's sample", () => {
    const readme = readFileSync(path.join(repoRoot, "packages", "client", "README.md"), "utf8");
    const samples = APIS.flatMap(({ api }) => listFiles(path.join(repoRoot, "spec", api, "code_samples")));
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.filter((file) => !readme.includes(readFileSync(file, "utf8")))).toEqual([]);
  });
});

/** The TypeScript files under a folder, recursively; none when it does not exist. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [path.join(dir, entry.name)]
        : [],
  );
}

describe(`a reader on a ${PHONE} px screen`, () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    context = await newContext(PHONE);
    ({ page, errors } = await open(context));
  });
  afterAll(async () => {
    expect(await problems(page, errors)).toEqual({ errors: [], refused: [], foreign: [] });
    await context?.close();
  });

  /** The element is on screen, whole from side to side, and the page does not scroll sideways. */
  async function expectReadable(target: ReturnType<Page["locator"]>, name: string) {
    const where = await placed(target);
    await page.screenshot({ path: shot(`phone-${name}`) });
    expect(where).toEqual({ visible: true, within: true, onScreen: true, box: "" });
    expect(await overflow(page)).toBe(0);
  }

  it("finds the install command on the landing page", async () => {
    await visit(page, "index.html");
    await expectReadable(page.locator("pre", { hasText: "npm install @ci-artifacts/client" }).first(), "1-install");
  });

  it("goes to the client guide through the top bar and finds the token set up", async () => {
    await page.locator("header.topbar a", { hasText: "Guides" }).click();
    await page.waitForURL(/guides\/index\.html$/);
    await page.locator("main a", { hasText: "Getting started with the client" }).first().click();
    await page.waitForURL(/guides\/client\.html$/);
    await expectReadable(page.locator("main pre", { hasText: /process\.env\.\w*TOKEN/ }).first(), "2-token");
  });

  it("finds pagination in the guide", async () => {
    await expectReadable(page.locator("main pre", { hasText: "paginate(" }).first(), "3-pagination");
  });

  it("opens the download section from the guide's list of sections", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const entry = page.locator("details.toc a", { hasText: /download/i }).first();
    await expectReadable(entry, "4a-download-entry");
    const id = (await entry.getAttribute("href"))!.slice(1);
    await entry.click();
    await waitScrolledTo(page, id);
    await expectReadable(page.locator(`[id="${id}"]`), "4b-download-section");
    await expectReadable(page.locator(`[id="${id}"] ~ pre`, { hasText: "download" }).first(), "4c-download-code");
  });

  it("goes to the register through the top bar and opens a cited source at its line", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator("header.topbar a", { hasText: "Discrepancy register" }).click();
    await page.waitForURL(/discrepancies\.html$/);
    const citation = page.locator('main a[href^="sources/"][href*="#L"]').first();
    await expectReadable(citation, "5a-register-citation");
    const href = (await citation.getAttribute("href"))!;
    await citation.click();
    await page.waitForURL((url) => url.href.endsWith(href));
    const line = href.slice(href.indexOf("#") + 1);
    await waitScrolledTo(page, line);
    await expectReadable(page.locator(`tr[id="${line}"]`), "5b-source-at-line");
    expect(await page.locator("tr:target").getAttribute("id")).toBe(line);
  });

  it("finds every source the register cites on the sources page", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator("header.topbar a", { hasText: "Sources" }).click();
    await page.waitForURL(/sources\/index\.html$/);
    for (const file of readdirSync(path.join(repoRoot, "spec", "sources")).filter((f) => f !== "README.md")) {
      // Linked by the file's name, to its page (named as the register cites it).
      const exact = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
      const link = page.locator("main a").filter({ hasText: exact }).first();
      await expectReadable(link, `6-source-${file}`);
      expect(await link.getAttribute("href")).toMatch(/^[\w.-]+\.html$/);
    }
    await expectReadable(page.locator('main a[href="recorded.html"]').first(), "6-recorded");
  });
});
