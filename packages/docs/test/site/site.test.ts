// Checks dist/ as a static host would serve it: the files, what each reference embeds, and the
// links between the pages. The browser test then checks how the pages behave.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../lib/build/pages.mjs";
import { registerEntries } from "../../lib/build/register.mjs";
import { operations, SAMPLE_LANGUAGES } from "../../lib/build/samples.mjs";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.join(packageDir, "dist");
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

/** The relative links (href and src) of a piece of HTML, without their fragment. */
function relativeLinks(html: string) {
  return [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)]
    .map((m) => m[1]!)
    .filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith("#"))
    .map((link) => link.split("#")[0]!);
}

describe("dist/", () => {
  it.each(
    [
      "index.html",
      "discrepancies.html",
      "favicon.svg",
      "site.css",
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
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain("hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));");
    const frame = html.slice(0, html.indexOf('<div id="redoc">'));
    expect(frame).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
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

  it("links every cited register entry to an anchor the register page has", () => {
    const ids = new Set([...read("discrepancies.html").matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
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
    expect(html).toContain(
      escapeHtml(readFileSync(path.join(packageDir, "../client/examples/quick-start.ts"), "utf8").trimEnd()),
    );
  });
});

describe("links between pages", () => {
  const pages = ["index.html", "discrepancies.html", ...APIS.map((api) => `${api}/index.html`)];

  it.each(pages.map((page) => ({ name: page, given: page })))(
    "$name: every relative link of its frame resolves",
    ({ given }) => {
      const html = read(given);
      // Redoc's own server-rendered links become hash routes once it runs; the frame around it is ours.
      const frame = html.includes('<div id="redoc">') ? html.slice(0, html.indexOf('<div id="redoc">')) : html;
      const links = relativeLinks(frame);
      expect(links.length).toBeGreaterThan(0);
      for (const link of links)
        expect(existsSync(path.join(dist, path.dirname(given), decodeURIComponent(link))), `${given} -> ${link}`).toBe(
          true,
        );
    },
  );

  it("gives every register entry its anchor", () => {
    const register = readFileSync(path.join(packageDir, "../../spec/DISCREPANCIES.md"), "utf8");
    const html = read("discrepancies.html");
    const entries = [...registerEntries(register)];
    expect(entries.length).toBeGreaterThan(0);
    for (const id of entries) expect(html).toContain(`id="${id}"`);
  });
});
