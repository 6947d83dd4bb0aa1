// Checks dist/ as a static host would serve it: the files, what each reference embeds, and the
// links between the pages. The browser test then checks how the pages behave.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { citedSources } from "../../lib/build/citations.mjs";
import { GUIDES, markdownHeadings } from "../../lib/build/guides.mjs";
import { readPage } from "../../lib/build/links.mjs";
import { KINDS } from "../../lib/build/pages.mjs";
import { registerEntries } from "../../lib/build/register.mjs";
import { operations, SAMPLE_LANGUAGES } from "../../lib/build/samples.mjs";
import { byTag, elements, textOf } from "../html.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const repoRoot = path.resolve(packageDir, "../..");
const dist = path.join(packageDir, "dist");
const SOURCES = readdirSync(path.join(repoRoot, "spec", "sources")).filter((file) => file !== "README.md");
const require = createRequire(import.meta.url);
const APIS = ["buddy", "buildkite"] as const;
const read = (file: string) => readFileSync(path.join(dist, file), "utf8");
const bundle = (api: string) => JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8"));

/** The definition and options a reference page hydrates Redoc with. */
function embedded(api: string) {
  const html = read(`${api}/index.html`);
  const grab = (name: string) => {
    const match = new RegExp(`const ${name} = (.*);\\n`).exec(html);
    if (!match?.[1]) throw new Error(`${api}/index.html does not define ${name}`);
    return JSON.parse(match[1]);
  };
  return { html, definition: grab("__redoc_definition"), options: grab("__redoc_options") };
}

/** The relative links (href and src) of a page, without their fragment. */
function relativeLinks(html: string) {
  return readPage(html)
    .links.filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith("#"))
    .map((link) => link.split("#")[0]!);
}

/** The page of each source file: the page under sources/ whose title is the file's name. */
function sourcePageOf(file: string) {
  const found = readdirSync(path.join(dist, "sources"))
    .filter((name) => name.endsWith(".html"))
    .filter((name) => byTag(read(`sources/${name}`), "h1").some((h1) => textOf(h1) === file));
  if (found.length !== 1) throw new Error(`${found.length} pages of sources/ are titled ${file}: ${found.join(", ")}`);
  return `sources/${found[0]}`;
}

describe("dist/", () => {
  it.each(
    [
      "index.html",
      "discrepancies.html",
      "favicon.svg",
      "site.css",
      ...Object.keys(KINDS).map((kind) => `${kind}.css`),
      "guides/index.html",
      ...GUIDES.map((guide) => `guides/${guide.id}.html`),
      "sources/index.html",
      "sources/recorded.html",
      ...SOURCES.map((file) => `sources/${file}`),
      ...APIS.flatMap((api) => [
        `${api}/index.html`,
        `${api}/${api}.yaml`,
        `${api}/${api}.json`,
        `${api}/${api}.dereferenced.json`,
      ]),
    ].map((file) => ({ name: file, given: file })),
  )("has $name", ({ given }) => {
    expect(existsSync(path.join(dist, given))).toBe(true);
  });

  it.each(
    APIS.flatMap((api) =>
      [`${api}.yaml`, `${api}.json`, `${api}.dereferenced.json`].map((file) => ({ name: file, given: { api, file } })),
    ),
  )("offers $name exactly as @ci-artifacts/openapi ships it", ({ given }) => {
    expect(read(`${given.api}/${given.file}`)).toBe(
      readFileSync(require.resolve(`@ci-artifacts/openapi/${given.file}`), "utf8"),
    );
  });
});

describe.each(APIS.map((api) => ({ api })))("$api reference", ({ api }) => {
  const { html, definition, options } = embedded(api);
  const rows = operations(bundle(api)).map((ref) => ({ name: ref.operation.operationId as string, given: ref }));

  it("inlines the Redoc scripts and names no other origin in any src or href of the frame", () => {
    expect(elements(html, (element) => element.name === "script" && element.attribs.src !== undefined)).toEqual([]);
    expect(html).toContain("hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));");
    const { links } = readPage(html);
    expect(links).toContain("../favicon.svg");
    expect(links.filter((link) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(link))).toEqual([]);
  });

  it("points the download buttons at the bundles next to the page", () => {
    expect(options.downloadUrls).toEqual([
      { title: `${api}.yaml`, url: `${api}.yaml` },
      { title: `${api}.json`, url: `${api}.json` },
    ]);
    expect(options.codeSamples).toEqual({ languages: SAMPLE_LANGUAGES });
    expect(options.disableTelemetry).toBe(true);
  });

  it.each(rows)("$name shows curl and its TypeScript sample file", ({ given }) => {
    const rendered = definition.paths[given.path][given.method];
    const [curl, typescript] = rendered["x-codeSamples"];
    expect(curl.label).toBe("curl");
    expect(curl.source).toMatch(
      new RegExp(`^curl --request ${given.method.toUpperCase()} \\\\\n  --url '${bundle(api).servers[0].url}`),
    );
    expect(curl.source).toContain(`--header "Authorization: Bearer $TOKEN"`);
    expect(typescript).toEqual({
      lang: "TypeScript",
      label: "TypeScript",
      source: readFileSync(
        path.join(packageDir, "../../spec", api, "code_samples", "TypeScript", `${given.operation.operationId}.ts`),
        "utf8",
      ),
    });
  });

  it("indexes every description as written: no soft line break left inside a paragraph", () => {
    const descriptions: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object")
        for (const [key, value] of Object.entries(node)) {
          if (key === "description" && typeof value === "string") descriptions.push(value);
          else if (key !== "x-codeSamples" && key !== "examples" && key !== "example") walk(value);
        }
    };
    walk(definition);
    expect(descriptions.length).toBeGreaterThan(10);
    for (const text of descriptions)
      for (const block of text.trimEnd().split(/\n\n+/))
        if (!/^(?:[-*+] |\d+\. |```|\|)/m.test(block)) expect(block, text).not.toContain("\n");
  });

  it("gives its servers' descriptions as text, with no Markdown", () => {
    for (const server of definition.servers) expect(server.description).not.toMatch(/`|\*\*|\]\(/);
  });

  it("links every cited register entry to an anchor the register page has", () => {
    const { ids } = readPage(read("discrepancies.html"));
    const cited = [...JSON.stringify(definition).matchAll(/\.\.\/discrepancies\.html#([A-Z]\d{2})/g)].map((m) => m[1]);
    expect(cited.length).toBeGreaterThan(0);
    for (const id of cited) expect(ids).toContain(id);
  });
});

describe("landing page", () => {
  const html = read("index.html");

  it("links both references, every bundle and the register", () => {
    const links = relativeLinks(html);
    for (const api of APIS) {
      expect(links).toContain(`${api}/index.html`);
      for (const file of [`${api}.yaml`, `${api}.json`, `${api}.dereferenced.json`])
        expect(links).toContain(`${api}/${file}`);
    }
    expect(links).toContain("discrepancies.html");
  });

  it("shows the client quick start, which the client's samples test type-checks", () => {
    const quickStart = readFileSync(path.join(packageDir, "../client/examples/quick-start.ts"), "utf8").trimEnd();
    expect(byTag(html, "pre").map(textOf)).toContain(quickStart);
  });
});

/** Every HTML page of the site, as paths from dist/. */
function pagesOf(dir = dist, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return pagesOf(file, `${prefix}${name}/`);
    return name.endsWith(".html") ? [`${prefix}${name}`] : [];
  });
}

const fragments = new Map<string, Set<string>>();

/**
 * The fragments a page answers: its ids, or for a reference Redoc's routes (`/`, `/tag`,
 * `/tag/operationid`). Read once per page: a source's page links each cited line to the register.
 */
function fragmentsOf(page: string): Set<string> {
  let answered = fragments.get(page);
  if (answered) return answered;
  const api = APIS.find((name) => page === `${name}/index.html`);
  if (api) {
    answered = new Set(["/"]);
    for (const ref of operations(bundle(api))) {
      const tag = `/${String(ref.operation.tags?.[0]).toLowerCase().replace(/\s+/g, "-")}`;
      answered.add(tag).add(`${tag}/${String(ref.operation.operationId).toLowerCase()}`);
    }
  } else answered = readPage(read(page)).ids;
  fragments.set(page, answered);
  return answered;
}

describe("links between pages", () => {
  const pages = pagesOf();

  it("covers the guides and the sources", () => {
    expect(pages.length).toBeGreaterThanOrEqual(4 + GUIDES.length + SOURCES.length + 2);
  });

  it.each(pages.map((page) => ({ name: page, given: page })))(
    "$name: every relative link resolves, to a file and to an anchor that exists",
    ({ given }) => {
      // Redoc's own server-rendered links become hash routes once it runs; the frame around it is ours.
      const { links } = readPage(read(given));
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        if (/^[a-z]+:/i.test(link)) continue;
        const [file = "", fragment] = link.split("#");
        const target = file === "" ? given : path.posix.join(path.posix.dirname(given), decodeURIComponent(file));
        expect(existsSync(path.join(dist, target)), `${given} -> ${link}`).toBe(true);
        if (fragment && target.endsWith(".html"))
          expect(fragmentsOf(target).has(decodeURIComponent(fragment)), `${given} -> ${link}`).toBe(true);
      }
    },
  );

  it("gives every register entry its anchor", () => {
    const register = readFileSync(path.join(packageDir, "../../spec/DISCREPANCIES.md"), "utf8");
    const { ids } = readPage(read("discrepancies.html"));
    const entries = [...registerEntries(register)];
    expect(entries.length).toBeGreaterThan(0);
    for (const id of entries) expect(ids).toContain(id);
  });
});

describe("the register's evidence", () => {
  const html = read("discrepancies.html");
  const register = readFileSync(path.join(repoRoot, "spec", "DISCREPANCIES.md"), "utf8");
  const linesOf = (file: string) =>
    readFileSync(path.join(repoRoot, "spec", "sources", file), "utf8")
      .replace(/\n$/, "")
      .split("\n");

  it("gives each source the page of the short name the register cites it by", () => {
    const named = [...citedSources(register, "tools/contract/test/fixtures/recorded/")].flatMap(([name, cited]) =>
      "file" in cited ? [{ name, file: cited.file }] : [],
    );
    expect(named.length).toBeGreaterThan(0);
    for (const file of new Set(named.map((n) => n.file)))
      expect(sourcePageOf(file)).toBe(`sources/${named.find((n) => n.file === file)!.name}.html`);
  });

  it("links every cited line of a source to that line of its page", () => {
    const fileOf = new Map(SOURCES.map((file) => [sourcePageOf(file), file]));
    const cited = readPage(html).links.filter((link) => /^sources\/[^#]+\.html#L\d+$/.test(link));
    expect(cited.length).toBeGreaterThan(50);
    for (const link of cited) {
      const [page = "", line = ""] = link.split("#L");
      const file = fileOf.get(page);
      expect(file, link).toBeDefined();
      expect(Number(line), link).toBeLessThanOrEqual(linesOf(file!).length);
      expect(readPage(read(page)).ids, link).toContain(`L${line}`);
    }
  });

  it.each(SOURCES.map((file) => ({ name: file, given: file })))(
    "the page of $name shows every line of the file, in order, each with its anchor",
    ({ given }) => {
      const rows = elements(read(sourcePageOf(given)), (element) => element.name === "tr");
      expect(rows.map((row) => row.attribs.id)).toEqual(linesOf(given).map((_, i) => `L${i + 1}`));
      const cells = rows.map((row) => byTag(row, "td"));
      // The first cell, the line's number linked to the line; the second, the line as written.
      expect(
        cells.map(([number]) => (number ? byTag(number, "a").map((a) => [a.attribs.href, textOf(a)]) : [])),
      ).toEqual(rows.map((_, i) => [[`#L${i + 1}`, String(i + 1)]]));
      expect(cells.map((row) => (row[1] ? textOf(row[1]) : undefined)?.replace(/^ $/, ""))).toEqual(linesOf(given));
    },
  );

  it("shows every recorded body of the corpus, as the file holds it", () => {
    const corpus = path.join(repoRoot, "tools", "contract", "test", "fixtures", "recorded");
    const page = read("sources/recorded.html");
    const links = readPage(html).links;
    const bodies = readdirSync(corpus).filter((file) => file.endsWith(".json"));
    expect(bodies.length).toBeGreaterThan(0);
    for (const file of bodies) {
      const [section] = elements(page, (element) => element.name === "section" && element.attribs.id === file);
      expect(section, file).toBeDefined();
      expect(byTag(section!, "pre").map(textOf)).toEqual([
        readFileSync(path.join(corpus, file), "utf8").replace(/\n$/, ""),
      ]);
      expect(links.includes(`sources/recorded.html#${file}`) || !register.includes(file)).toBe(true);
    }
  });
});

describe("guides", () => {
  it.each(GUIDES.map((guide) => ({ name: guide.id, given: guide })))(
    "$name renders its README whole: every heading of it is a heading of the page",
    ({ given }) => {
      const readme = readFileSync(path.join(repoRoot, "packages", given.package, "README.md"), "utf8");
      const page = read(`guides/${given.id}.html`);
      // Each heading of the README: an id, and a link to itself holding the whole of its text.
      const headings = elements(page, (element) => /^h[2-6]$/.test(element.name)).map((heading) => {
        const [link] = heading.children.filter((child) => "name" in child && child.name === "a");
        return {
          text: textOf(heading),
          id: heading.attribs.id,
          self:
            link && "attribs" in link
              ? link.attribs.href === `#${heading.attribs.id}` && textOf(link) === textOf(heading)
              : false,
        };
      });
      expect(headings.filter((h) => !h.id || !h.self)).toEqual([]);
      const want = markdownHeadings(readme)
        .filter((h) => h.depth > 1)
        .map((h) => h.text.replace(/`/g, ""));
      expect(headings.map((h) => h.text)).toEqual(want);
    },
  );
});
