// @ts-check
// Builds dist/: the landing page, one Redoc reference per API (scripts inlined, so a page works
// with no network), the bundled descriptions next to each reference, and the discrepancy register.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readRegistry } from "@ci-artifacts/spec/registry";
import { escapeHtml, layout, renderMarkdown, sitePages } from "../lib/build/pages.mjs";
import { renderedCopy } from "../lib/build/reference.mjs";
import { registerEntries } from "../lib/build/register.mjs";
import { operations, SAMPLE_LANGUAGES } from "../lib/build/samples.mjs";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const clientDir = path.dirname(require.resolve("@ci-artifacts/client/package.json"));
// `--root`, `--bundles` and `--out` point the build at another checkout of the same layout (the
// registry test builds a scratch copy holding a third API); by default this repository.
const { values: args } = parseArgs({
  options: { root: { type: "string" }, bundles: { type: "string" }, out: { type: "string" } },
  strict: true,
});
const repoRoot = path.resolve(args.root ?? path.join(packageDir, "../.."));
const dist = path.resolve(args.out ?? path.join(packageDir, "dist"));

/** The registered APIs (redocly.yaml's `apis:`): one reference page each. */
const APIS = readRegistry(repoRoot).map((api) => ({ id: api.name }));

/** The files of @ci-artifacts/openapi that the site offers for download, by API. */
const bundleFiles = (/** @type {string} */ api) => [`${api}.yaml`, `${api}.json`, `${api}.dereferenced.json`];

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

/** Builds the reference of one API into dist/<api>/, with the bundled files beside it. */
function buildReference(
  /** @type {(typeof APIS)[number]} */ api,
  /** @type {string} */ work,
  /** @type {Set<string>} */ entries,
) {
  const out = path.join(dist, api.id);
  mkdirSync(out, { recursive: true });
  for (const file of bundleFiles(api.id)) cpSync(bundlePath(file), path.join(out, file));

  const bundle = JSON.parse(readFileSync(path.join(out, `${api.id}.json`), "utf8"));
  const document = renderedCopy(bundle, { entries, registerHref: "../discrepancies.html" });
  const input = path.join(work, `${api.id}.json`);
  writeFileSync(input, JSON.stringify(document));

  const output = path.join(out, "index.html");
  const options = {
    codeSamples: { languages: SAMPLE_LANGUAGES },
    // Relative, so the buttons fetch the files beside the page on whatever host serves the site.
    downloadUrls: [
      { title: `${api.id}.yaml`, url: `${api.id}.yaml` },
      { title: `${api.id}.json`, url: `${api.id}.json` },
    ],
  };
  redocly([
    "build-docs",
    input,
    "--inlineBundle",
    "--config",
    path.join(packageDir, "redocly.yaml"),
    "--template",
    path.join(work, "reference.hbs"),
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

/** The landing page: site/index.md with the API cards and the client quick start filled in. */
function buildLanding(
  /** @type {{ api: (typeof APIS)[number], bundle: any }[]} */ built,
  /** @type {import("../lib/build/pages.mjs").Page[]} */ pages,
) {
  const cards = built
    .map(({ api, bundle }) => {
      const count = operations(bundle).length;
      const downloads = bundleFiles(api.id)
        .map((file) => `<a href="${api.id}/${file}" download>${escapeHtml(file)}</a>`)
        .join(" · ");
      return `<section class="card">
  <h2><a href="${api.id}/index.html">${escapeHtml(bundle.info.title)}</a></h2>
  <p class="meta">OpenAPI ${escapeHtml(bundle.openapi)} · version ${escapeHtml(bundle.info.version)} · ${count} operations</p>
  <p>${escapeHtml(bundle.info.summary ?? "")}</p>
  <p><a class="cta" href="${api.id}/index.html">Open the reference</a></p>
  <p class="downloads">Download: ${downloads}</p>
</section>`;
    })
    .join("\n");
  // The client README's quick start, the same file its tests type-check and run.
  const quickStart = readFileSync(path.join(clientDir, "examples", "quick-start.ts"), "utf8");
  const markdown = readFileSync(path.join(packageDir, "site", "index.md"), "utf8");
  for (const marker of ["<!-- apis -->", "<!-- quick-start -->"]) {
    if (!markdown.includes(marker)) throw new Error(`site/index.md: the marker ${marker} is missing`);
  }
  const body = renderMarkdown(
    markdown
      .replace("<!-- apis -->", `<div class="cards">\n${cards}\n</div>`)
      .replace("<!-- quick-start -->", `\`\`\`ts\n${quickStart.trimEnd()}\n\`\`\``),
  );
  writeFileSync(
    path.join(dist, "index.html"),
    layout({
      id: "home",
      title: "ci-artifacts: Buddy.works and Buildkite artifact APIs",
      root: "",
      pages,
      body: `<main class="prose">\n${body}</main>`,
    }),
  );
}

/** The discrepancy register, rendered from spec/DISCREPANCIES.md. */
function buildRegister(
  /** @type {string} */ markdown,
  /** @type {Set<string>} */ entries,
  /** @type {import("../lib/build/pages.mjs").Page[]} */ pages,
) {
  const body = renderMarkdown(markdown, { entries });
  writeFileSync(
    path.join(dist, "discrepancies.html"),
    layout({
      id: "discrepancies",
      title: "Discrepancy register · ci-artifacts",
      root: "",
      pages,
      body: `<main class="prose">\n${body}</main>`,
    }),
  );
}

function main() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const registerMarkdown = readFileSync(path.join(repoRoot, "spec", "DISCREPANCIES.md"), "utf8");
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
    const built = APIS.map((api) => {
      // One frame for every page: the references get the same top bar through Redocly's template.
      writeFileSync(
        path.join(work, "reference.hbs"),
        layout({
          id: api.id,
          title: "{{title}}",
          root: "../",
          pages,
          head: "{{{redocHead}}}",
          body: "{{{redocHTML}}}",
          bodyClass: "reference",
        }),
      );
      return { api, bundle: buildReference(api, work, entries) };
    });
    buildLanding(built, pages);
    buildRegister(registerMarkdown, entries, pages);
    // The vendor pages the register cites, so that its evidence opens on the site.
    cpSync(path.join(repoRoot, "spec", "sources"), path.join(dist, "sources"), {
      recursive: true,
      filter: (source) => !source.endsWith("README.md"),
    });
    for (const file of ["site.css", "favicon.svg"]) cpSync(path.join(packageDir, "site", file), path.join(dist, file));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    `docs: built ${path.relative(process.cwd(), dist) || "."}/ (${APIS.map((a) => a.id).join(", ")}, landing page, discrepancy register and its sources)`,
  );
}

try {
  main();
} catch (error) {
  console.error(`docs build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
