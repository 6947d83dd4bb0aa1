// @ts-check
// Builds dist/: the landing page, one Redoc reference per API (scripts inlined, so a page works
// with no network) with the bundled descriptions beside it, the guides (the package READMEs),
// the discrepancy register, and the evidence it cites (the vendor pages, the recorded bodies).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readRegistry } from "@ci-artifacts/spec/registry";
import { transformSync } from "esbuild";
import { citedSources, linkCitations } from "../lib/build/citations.mjs";
import { GUIDES, readGuide, withoutTitle } from "../lib/build/guides.mjs";
import { brokenLinks, siteHref } from "../lib/build/links.mjs";
import { minifyPage } from "../lib/build/minify.mjs";
import { escapeHtml, KINDS, layout, renderMarkdown, sitePages } from "../lib/build/pages.mjs";
import { operationRoute, renderedCopy } from "../lib/build/reference.mjs";
import { registerEntries } from "../lib/build/register.mjs";
import { operations, SAMPLE_LANGUAGES } from "../lib/build/samples.mjs";
import {
  CORPUS_PAGE,
  corpusBody,
  corpusEntries,
  corpusSection,
  linesOf,
  SOURCES_INDEX,
  sourceBody,
  sourceFiles,
  sourcePages,
} from "../lib/build/sources.mjs";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const clientDir = path.dirname(require.resolve("@ci-artifacts/client/package.json"));
// `--root`, `--bundles` and `--out` point the build at another checkout of the same layout (the
// registry test builds a scratch copy holding a third API); by default this repository. The
// descriptions, the register and its sources come from the root; the package READMEs, the
// samples they show and the recorded bodies from the checkout this package is part of.
const { values: args } = parseArgs({
  options: { root: { type: "string" }, bundles: { type: "string" }, out: { type: "string" } },
  strict: true,
});
const checkout = path.resolve(packageDir, "../..");
const repoRoot = path.resolve(args.root ?? checkout);
const dist = path.resolve(args.out ?? path.join(packageDir, "dist"));
const packagesDir = path.join(checkout, "packages");
const corpusDir = path.join(checkout, "tools", "contract", "test", "fixtures", "recorded");
const sourcesDir = path.join(repoRoot, "spec", "sources");
const registerFile = path.join(repoRoot, "spec", "DISCREPANCIES.md");

/** The registered APIs (redocly.yaml's `apis:`): one reference page each. */
const APIS = readRegistry(repoRoot).map((api) => ({ id: api.name }));

/** The files of @ci-artifacts/openapi that the site offers for download, by API. */
const bundleFiles = (/** @type {string} */ api) => [`${api}.yaml`, `${api}.json`, `${api}.dereferenced.json`];

/** How a file is named in messages: from the repository root it belongs to. @param {string} file */
const shown = (file) => path.relative(file.startsWith(repoRoot) ? repoRoot : checkout, file);

/**
 * Redoc shows a "API docs by Redocly" link whose logo it loads from Redocly's CDN once the page
 * runs; the site loads nothing from other origins, so the logo becomes an inline SVG. Each URL
 * must be found: a Redocly update that moves it fails here rather than in a reader's browser.
 */
const REDOC_CDN_LOGOS = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
const INLINE_LOGO =
  "data:image/svg+xml," +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16"><text x="0" y="12" font-family="system-ui,sans-serif" font-size="12" font-weight="600" fill="#8a8fa3">Redocly</text></svg>`,
  );

/** Where @ci-artifacts/openapi keeps one of its bundles (or `--bundles`); it must have been built. */
function bundlePath(/** @type {string} */ file) {
  const resolved = args.bundles ? path.resolve(args.bundles, file) : require.resolve(`@ci-artifacts/openapi/${file}`);
  if (!existsSync(resolved))
    throw new Error(
      `${resolved} is missing: build @ci-artifacts/openapi first (pnpm turbo run build --filter @ci-artifacts/docs builds both)`,
    );
  return resolved;
}

/** Runs the Redocly CLI; its banners are shown only when it fails. */
function redocly(/** @type {string[]} */ args) {
  const bin = path.join(packageDir, "node_modules", ".bin", "redocly");
  const result = spawnSync(bin, args, {
    cwd: packageDir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`redocly ${args[0]} failed with exit code ${result.status ?? result.signal}`);
  }
}

/** @typedef {import("../lib/build/pages.mjs").Page} Page */
/** @typedef {{ id: string, bundle: Record<string, any> }} Built */

/**
 * Writes one page of the site in the shared frame, minified, with the stylesheets of its kind.
 * @param {string} file from the site root
 * @param {{ id: string, title: string, pages: Page[], body: string, kind: Exclude<import("../lib/build/pages.mjs").Kind, "reference"> }} page
 */
function writePage(file, { id, title, pages, body, kind }) {
  const root = "../".repeat(file.split("/").length - 1);
  mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  writeFileSync(path.join(dist, file), minifyPage(layout({ id, title, root, pages, body, kind })));
}

/** Builds the reference of one API into dist/<api>/, with the bundled files beside it. */
function buildReference(
  /** @type {string} */ api,
  /** @type {string} */ work,
  /** @type {Set<string>} */ entries,
  /** @type {Page[]} */ pages,
) {
  const out = path.join(dist, api);
  mkdirSync(out, { recursive: true });
  for (const file of bundleFiles(api)) cpSync(bundlePath(file), path.join(out, file));

  const bundle = JSON.parse(readFileSync(path.join(out, `${api}.json`), "utf8"));
  const document = renderedCopy(bundle, { entries, registerHref: "../discrepancies.html" });
  const input = path.join(work, `${api}.json`);
  writeFileSync(input, JSON.stringify(document));
  // One frame for every page: the references get the same top bar through Redocly's template.
  const template = path.join(work, `${api}.hbs`);
  writeFileSync(
    template,
    minifyPage(
      layout({
        id: api,
        title: "{{title}}",
        root: "../",
        pages,
        head: "{{{redocHead}}}",
        body: "{{{redocHTML}}}",
        bodyClass: "reference",
        kind: "reference",
      }),
      { template: true },
    ),
  );

  const output = path.join(out, "index.html");
  const options = {
    codeSamples: { languages: SAMPLE_LANGUAGES },
    // Relative, so the buttons fetch the files beside the page on whatever host serves the site.
    downloadUrls: [
      { title: `${api}.yaml`, url: `${api}.yaml` },
      { title: `${api}.json`, url: `${api}.json` },
    ],
  };
  redocly([
    "build-docs",
    input,
    "--inlineBundle",
    "--config",
    path.join(packageDir, "redocly.yaml"),
    "--template",
    template,
    "--title",
    `${bundle.info.title} · ci-artifacts`,
    "--openapi",
    JSON.stringify(options),
    "--output",
    output,
  ]);

  let html = readFileSync(output, "utf8");
  for (const url of REDOC_CDN_LOGOS) {
    if (!html.includes(url))
      throw new Error(
        `${path.relative(packageDir, output)}: Redoc no longer loads ${url}; revisit REDOC_CDN_LOGOS in scripts/build.mjs`,
      );
    html = html.replaceAll(url, INLINE_LOGO);
  }
  writeFileSync(output, html);
  return bundle;
}

/**
 * Where each operation's section is, `<api>/index.html#/<tag>/<operationid>`, by API and
 * operationId; and every route of each reference, for the link check.
 * @param {Built[]} built
 */
function referenceRoutes(built) {
  /** @type {Map<string, string>} */
  const byOperation = new Map();
  /** @type {Map<string, Set<string>>} */
  const routes = new Map();
  for (const { id, bundle } of built) {
    const page = `${id}/index.html`;
    const answered = new Set(["/"]);
    for (const ref of operations(bundle)) {
      const route = operationRoute(ref.operation);
      answered.add(route);
      answered.add(route.slice(0, route.lastIndexOf("/")));
      byOperation.set(`${id} ${ref.operation.operationId}`, `${page}#${route}`);
    }
    routes.set(page, answered);
  }
  return { byOperation, routes };
}

/**
 * The tested files a guide's code block may show: every example of a package and every code
 * sample of the descriptions, by content. Their tests type-check and run them.
 */
function testedFiles() {
  /** @type {Map<string, string>} */
  const byContent = new Map();
  const add = (/** @type {string} */ dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) add(file);
      else if (/\.(?:ts|mts|js|mjs)$/.test(entry.name))
        byContent.set(readFileSync(file, "utf8"), path.relative(checkout, file));
    }
  };
  for (const name of readdirSync(packagesDir)) add(path.join(packagesDir, name, "examples"));
  for (const api of APIS) add(path.join(checkout, "spec", api.id, "code_samples"));
  return byContent;
}

/**
 * A code block's tested file: the one its `<!-- sample: path -->` marker names, shown as that
 * file is now (the README's own test keeps its copy equal; the guide never shows a stale one), or
 * the example or code sample it is a copy of. The caption names the file and, for a code sample,
 * links its operation in the reference.
 * @param {{ byContent: Map<string, string>, byOperation: Map<string, string>, page: string, shown: string }} context
 */
function codeSource({ byContent, byOperation, page, shown: where }) {
  const back = "../".repeat(page.split("/").length - 1);
  /** @param {{ lang: string, text: string, sample: string | undefined }} block */
  return ({ text, sample }) => {
    let source = sample;
    let content;
    if (sample !== undefined) {
      const file = path.join(checkout, sample);
      if (!existsSync(file)) throw new Error(`${where}: <!-- sample: ${sample} --> names a file that does not exist`);
      content = readFileSync(file, "utf8").replace(/\n$/, "");
    } else source = byContent.get(`${text}\n`);
    if (source === undefined) return undefined;
    const sampleOf = /^spec\/([^/]+)\/code_samples\/[^/]+\/([^/]+)\.[a-z]+$/.exec(source);
    const route = sampleOf ? byOperation.get(`${sampleOf[1]} ${sampleOf[2]}`) : undefined;
    const reference = route ? ` · <a href="${escapeHtml(back + route)}">in the reference</a>` : "";
    return {
      source,
      caption: `Tested file <code>${escapeHtml(source)}</code>${reference}`,
      ...(content === undefined ? {} : { text: content }),
    };
  };
}

/**
 * The site's pages of every Markdown file it renders, and the code host's view of the rest.
 * @param {Map<string, string>} sourcePageOf the page of each source file
 */
function siteMap(sourcePageOf) {
  /** @type {Map<string, string>} */
  const pages = new Map([
    [registerFile, "discrepancies.html"],
    [sourcesDir, SOURCES_INDEX],
    [path.join(sourcesDir, "README.md"), SOURCES_INDEX],
    [corpusDir, CORPUS_PAGE],
    [path.join(corpusDir, "README.md"), CORPUS_PAGE],
    [path.join(corpusDir, "index.yaml"), CORPUS_PAGE],
  ]);
  for (const [file, page] of sourcePageOf) pages.set(path.join(sourcesDir, file), page);
  for (const file of readdirSync(corpusDir)) pages.set(path.join(corpusDir, file), `${CORPUS_PAGE}#${file}`);
  /** @type {{ file: string, page: string, title: string }[]} */
  const documents = [];
  for (const guide of GUIDES) {
    const dir = path.join(packagesDir, guide.package);
    pages.set(path.join(dir, "README.md"), `guides/${guide.id}.html`);
    // The package's other Markdown files (ENGINE.md, CHANGELOG.md) that its README may link.
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      if (!name.endsWith(".md") || name === "README.md") continue;
      const page = `guides/${guide.id}-${name.slice(0, -3).toLowerCase()}.html`;
      pages.set(path.join(dir, name), page);
      documents.push({ file: path.join(dir, name), page, title: `${guide.package}: ${name}` });
    }
  }
  const repository = JSON.parse(readFileSync(path.join(clientDir, "package.json"), "utf8")).repository;
  const host = String(repository?.url ?? "")
    .replace(/^git\+/, "")
    .replace(/\.git$/, "");
  /** @param {string} file */
  const fallback = (file) => {
    const relative = path.relative(file.startsWith(checkout) ? checkout : repoRoot, file);
    return host.startsWith("https://github.com/") && !relative.startsWith("..")
      ? `${host}/blob/HEAD/${relative.split(path.sep).join("/")}`
      : undefined;
  };
  return { map: { pages, fallback }, documents };
}

/** A page rendered from a Markdown file of the repository, with an "On this page" list. */
function markdownPage(
  /** @type {{ file: string, page: string, markdown: string, title: string, intro: string, context: { map: import("../lib/build/links.mjs").SiteMap, byContent: Map<string, string>, byOperation: Map<string, string>, entries: Set<string> } }} */ {
    file,
    page,
    markdown,
    title,
    intro,
    context,
  },
) {
  const from = { file, page, shown: shown(file) };
  /** @type {import("../lib/build/pages.mjs").Heading[]} */
  const headings = [];
  const body = renderMarkdown(markdown, {
    entries: context.entries,
    registerHref: `${"../".repeat(page.split("/").length - 1)}discrepancies.html`,
    link: (href) => siteHref(context.map, from, href),
    code: codeSource({ byContent: context.byContent, byOperation: context.byOperation, page, shown: from.shown }),
    headings,
  });
  const toc = headings.filter((h) => h.depth === 2 || h.depth === 3);
  const list = toc
    .map((h) => `<li class="toc-${h.depth}"><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a></li>`)
    .join("");
  const nav =
    toc.length > 1 ? `<details class="toc" open><summary>On this page</summary><ul>${list}</ul></details>` : "";
  return `<main>\n<h1>${escapeHtml(title)}</h1>\n<p class="meta">${intro}</p>\n${nav}\n${body}</main>`;
}

/** The guides, each the README of its package, their index, and the other documents they link. */
function buildGuides(
  /** @type {Page[]} */ pages,
  /** @type {{ map: import("../lib/build/links.mjs").SiteMap, byContent: Map<string, string>, byOperation: Map<string, string>, entries: Set<string> }} */ context,
  /** @type {{ file: string, page: string, title: string }[]} */ documents,
) {
  const cards = [];
  for (const guide of GUIDES) {
    const readme = readGuide(guide, packagesDir, path.join("packages", guide.package, "README.md"));
    const page = `guides/${guide.id}.html`;
    const source = path.relative(checkout, readme.file);
    writePage(page, {
      id: "guides",
      title: `${guide.title} · ci-artifacts`,
      pages,
      kind: "guide",
      body: markdownPage({
        file: readme.file,
        page,
        markdown: readme.markdown,
        title: guide.title,
        intro: `The README of <code>@ci-artifacts/${escapeHtml(guide.package)}</code> (<code>${escapeHtml(source)}</code>), as the package ships it.`,
        context,
      }),
    });
    const lead = renderMarkdown(readme.lead, {
      link: (href) => siteHref(context.map, { file: readme.file, page: "guides/index.html", shown: source }, href),
    });
    cards.push(
      `<section class="card"><h2><a href="${guide.id}.html">${escapeHtml(guide.title)}</a></h2>\n${lead}</section>`,
    );
  }
  for (const document of documents) {
    writePage(document.page, {
      id: "guides",
      title: `${document.title} · ci-artifacts`,
      pages,
      kind: "guide",
      body: markdownPage({
        file: document.file,
        page: document.page,
        markdown: readFileSync(document.file, "utf8"),
        title: path.basename(document.file),
        intro: `<code>${escapeHtml(path.relative(checkout, document.file))}</code>, as the package ships it.`,
        context,
      }),
    });
  }
  writePage("guides/index.html", {
    id: "guides",
    title: "Guides · ci-artifacts",
    pages,
    kind: "home",
    body: `<main>\n<h1>Guides</h1>\n<p>Each guide is the README of a package, rendered here as the package ships it; every TypeScript block that names its file is a file that the package's tests type-check and run.</p>\n<div class="cards">\n${cards.join("\n")}\n</div>\n</main>`,
  });
}

/** The landing page: site/index.md with the API cards, the guides and the client quick start filled in. */
function buildLanding(/** @type {Built[]} */ built, /** @type {Page[]} */ pages) {
  const cards = built
    .map(({ id, bundle }) => {
      const count = operations(bundle).length;
      const downloads = bundleFiles(id)
        .map((file) => `<a href="${id}/${file}" download>${escapeHtml(file)}</a>`)
        .join(" · ");
      return `<section class="card">
  <h2><a href="${id}/index.html">${escapeHtml(bundle.info.title)}</a></h2>
  <p class="meta">OpenAPI ${escapeHtml(bundle.openapi)} · version ${escapeHtml(bundle.info.version)} · ${count} operations</p>
  <p>${escapeHtml(bundle.info.summary ?? "")}</p>
  <p><a class="cta" href="${id}/index.html">Open the reference</a></p>
  <p class="downloads">Download: ${downloads}</p>
</section>`;
    })
    .join("\n");
  const guides = GUIDES.map((guide) => `- [${guide.title}](guides/${guide.id}.html)`).join("\n");
  // The client README's quick start, the same file its tests type-check and run.
  const quickStart = readFileSync(path.join(clientDir, "examples", "quick-start.ts"), "utf8");
  const markdown = readFileSync(path.join(packageDir, "site", "index.md"), "utf8");
  for (const marker of ["<!-- apis -->", "<!-- guides -->", "<!-- quick-start -->"]) {
    if (!markdown.includes(marker)) throw new Error(`site/index.md: the marker ${marker} is missing`);
  }
  const sample = path.relative(checkout, path.join(clientDir, "examples", "quick-start.ts"));
  const body = renderMarkdown(
    markdown
      .replace("<!-- apis -->", `<div class="cards">\n${cards}\n</div>`)
      .replace("<!-- guides -->", guides)
      .replace("<!-- quick-start -->", `<!-- sample: ${sample} -->\n\`\`\`ts\n${quickStart.trimEnd()}\n\`\`\``),
    {
      code: ({ sample: named }) =>
        named ? { source: named, caption: `Tested file <code>${escapeHtml(named)}</code>` } : undefined,
    },
  );
  writePage("index.html", {
    id: "home",
    title: "ci-artifacts: Buddy.works and Buildkite artifact APIs",
    pages,
    kind: "home",
    body: `<main>\n${body}</main>`,
  });
}

/** The discrepancy register, rendered from spec/DISCREPANCIES.md, its citations linked to their evidence. */
function buildRegister(
  /** @type {string} */ markdown,
  /** @type {{ map: import("../lib/build/links.mjs").SiteMap, entries: Set<string>, corpus: string[], names: ReturnType<typeof citedSources> }} */ context,
  /** @type {Page[]} */ pages,
) {
  const cited = linkCitations(markdown, {
    names: context.names,
    bodies: context.corpus,
    file: shown(registerFile),
    lineCount: (file) => {
      const source = path.join(sourcesDir, file);
      if (!existsSync(source))
        throw new Error(`${shown(registerFile)}: its sources table names sources/${file}, which does not exist`);
      return linesOf(readFileSync(source, "utf8")).length;
    },
    // Paths of the repository, as any link of the register: the site map turns them into pages.
    href: (target, line) =>
      "file" in target ? `${path.join(sourcesDir, target.file)}${line ? `#L${line}` : ""}` : corpusDir,
  });
  const from = { file: registerFile, page: "discrepancies.html", shown: shown(registerFile) };
  const body = renderMarkdown(cited, {
    entries: context.entries,
    link: (href) => siteHref(context.map, from, href),
    codeLinks: new Map(context.corpus.map((file) => [file, `${CORPUS_PAGE}#${file}`])),
  });
  writePage("discrepancies.html", {
    id: "discrepancies",
    title: "Discrepancy register · ci-artifacts",
    pages,
    kind: "prose",
    body: `<main>\n${body}</main>`,
  });
}

/** The evidence: each vendor page with its lines anchored, their index, and the recorded bodies. */
function buildSources(
  /** @type {Page[]} */ pages,
  /** @type {{ map: import("../lib/build/links.mjs").SiteMap, entries: Set<string>, byOperation: Map<string, string>, sourcePageOf: Map<string, string> }} */ context,
) {
  mkdirSync(path.join(dist, "sources"), { recursive: true });
  for (const [file, page] of context.sourcePageOf) {
    const text = readFileSync(path.join(sourcesDir, file), "utf8");
    // The file as it is, beside its page, for whoever wants to diff it against the vendor's.
    writeFileSync(path.join(dist, "sources", file), text);
    writePage(page, {
      id: "sources",
      title: `${file} · Sources · ci-artifacts`,
      pages,
      kind: "source",
      body: `<main>\n${sourceBody(file, text)}</main>`,
    });
  }

  const readme = path.join(sourcesDir, "README.md");
  const fromIndex = { file: readme, page: SOURCES_INDEX, shown: shown(readme) };
  const index = existsSync(readme) ? withoutTitle(readFileSync(readme, "utf8")) : "";
  const corpusReadme = path.join(corpusDir, "README.md");
  const intro = renderMarkdown(index, {
    entries: context.entries,
    registerHref: "../discrepancies.html",
    link: (href) => siteHref(context.map, fromIndex, href),
    codeLinks: new Map([
      ...[...context.sourcePageOf].map(
        ([file, page]) => /** @type {[string, string]} */ ([file, path.posix.relative("sources", page)]),
      ),
      ["spec/DISCREPANCIES.md", "../discrepancies.html"],
    ]),
  });
  writePage("sources/index.html", {
    id: "sources",
    title: "Sources · ci-artifacts",
    pages,
    kind: "prose",
    body: `<main>\n<h1>Sources</h1>\n<p class="meta">The evidence the <a href="../discrepancies.html">discrepancy register</a> cites: <code>spec/sources/</code> and the recorded bodies.</p>\n${intro}\n<h2 id="recorded-bodies"><a href="#recorded-bodies">Recorded bodies</a></h2>\n<p>Response bodies that other parties recorded from the live APIs or wrote for their clients' tests, each with where it was found: <a href="recorded.html">the recorded bodies</a>.</p>\n</main>`,
  });

  const entries = corpusEntries(corpusDir, shown(path.join(corpusDir, "index.yaml")));
  const fromCorpus = { file: corpusReadme, page: CORPUS_PAGE, shown: shown(corpusReadme) };
  const about = existsSync(corpusReadme)
    ? renderMarkdown(withoutTitle(readFileSync(corpusReadme, "utf8")), {
        entries: context.entries,
        registerHref: "../discrepancies.html",
        link: (href) => siteHref(context.map, fromCorpus, href),
        codeLinks: new Map([["spec/DISCREPANCIES.md", "../discrepancies.html"]]),
      })
    : "";
  const sections = entries.map((entry) =>
    corpusSection(entry, corpusBody(corpusDir, entry.file), {
      entry: (id) => `../discrepancies.html#${id}`,
      operation: (api, operationId) => {
        const route = context.byOperation.get(`${api} ${operationId}`);
        return route ? `../${route}` : undefined;
      },
    }),
  );
  writePage(CORPUS_PAGE, {
    id: "sources",
    title: "Recorded bodies · Sources · ci-artifacts",
    pages,
    kind: "recorded",
    body: `<main>\n<h1>Recorded bodies</h1>\n<p class="meta"><code>${escapeHtml(path.relative(checkout, corpusDir))}/</code>: its README, then each body of <code>index.yaml</code> with where it was found.</p>\n${about}\n${sections.join("\n")}</main>`,
  });
  return entries.map((entry) => entry.file);
}

function main() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const registerMarkdown = readFileSync(registerFile, "utf8");
  const entries = registerEntries(registerMarkdown);

  /** The top bar names each API by its description's title. */
  const pages = sitePages(
    APIS.map((api) => ({
      id: api.id,
      label: JSON.parse(readFileSync(bundlePath(`${api.id}.json`), "utf8")).info.title,
    })),
  );
  const work = mkdtempSync(path.join(tmpdir(), "ci-artifacts-docs-"));
  try {
    /** @type {Built[]} */
    const built = APIS.map((api) => ({ id: api.id, bundle: buildReference(api.id, work, entries, pages) }));
    const { byOperation, routes } = referenceRoutes(built);
    // The register's short names for its sources name their pages (sources/get.md.html#L28).
    const names = citedSources(registerMarkdown, "tools/contract/test/fixtures/recorded/");
    const sourcePageOf = sourcePages(sourceFiles(sourcesDir), names, shown(registerFile));
    const { map, documents } = siteMap(sourcePageOf);
    const byContent = testedFiles();
    buildLanding(built, pages);
    buildGuides(pages, { map, byContent, byOperation, entries }, documents);
    const corpus = buildSources(pages, { map, entries, byOperation, sourcePageOf });
    buildRegister(registerMarkdown, { map, entries, corpus, names }, pages);
    // Minified: site.css, which every page loads, and one sheet for each kind of page.
    const minifyCss = (/** @type {string} */ css) => transformSync(css, { loader: "css", minify: true }).code;
    writeFileSync(
      path.join(dist, "site.css"),
      minifyCss(readFileSync(path.join(packageDir, "site", "site.css"), "utf8")),
    );
    for (const [kind, parts] of Object.entries(KINDS)) {
      const css = parts.map((part) => readFileSync(path.join(packageDir, "site", "css", part), "utf8")).join("\n");
      writeFileSync(path.join(dist, `${kind}.css`), minifyCss(css));
    }
    cpSync(path.join(packageDir, "site", "favicon.svg"), path.join(dist, "favicon.svg"));

    const broken = brokenLinks(dist, routes);
    if (broken.length > 0) throw new Error(`broken links:\n  ${broken.join("\n  ")}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    `docs: built ${path.relative(process.cwd(), dist) || "."}/ (${APIS.map((a) => a.id).join(", ")}, landing page, ${GUIDES.length} guides, discrepancy register and its sources)`,
  );
}

try {
  main();
} catch (error) {
  console.error(`docs build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
