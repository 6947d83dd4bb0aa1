// @ts-check
// Builds dist/: the landing page, one Redoc reference per API (scripts inlined, so a page works
// with no network), the bundled descriptions next to each reference, and the discrepancy register.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { escapeHtml, layout, renderMarkdown } from "../lib/build/pages.mjs";
import { linkRegister, registerEntries } from "../lib/build/register.mjs";
import { operations, SAMPLE_LANGUAGES, withCodeSamples } from "../lib/build/samples.mjs";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(packageDir, "../..");
const dist = path.join(packageDir, "dist");
const require = createRequire(import.meta.url);

const APIS = /** @type {const} */ ([
  { id: "buddy", name: "Buddy.works" },
  { id: "buildkite", name: "Buildkite" },
]);

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

/** Where @ci-artifacts/openapi keeps one of its bundles; it must have been built. */
function bundlePath(/** @type {string} */ file) {
  const resolved = require.resolve(`@ci-artifacts/openapi/${file}`);
  if (!existsSync(resolved))
    throw new Error(
      `${resolved} is missing: build @ci-artifacts/openapi first (pnpm turbo run build --filter @ci-artifacts/docs builds both)`,
    );
  return resolved;
}

function readSample(/** @type {string} */ api) {
  return (/** @type {string} */ operationId, /** @type {{ pointer: string }} */ ref) => {
    const file = path.join(packageDir, "samples", api, `${operationId}.ts`);
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      throw new Error(
        `${api}.json${ref.pointer}: no TypeScript sample for operation '${operationId}'; write ${path.relative(packageDir, file)}`,
        { cause: error },
      );
    }
  };
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
  const document = linkRegister(withCodeSamples(bundle, readSample(api.id)), entries, "../discrepancies.html");
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
function buildLanding(/** @type {{ api: (typeof APIS)[number], bundle: any }[]} */ built) {
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
  const quickStart = readFileSync(path.join(packageDir, "samples", "quick-start.ts"), "utf8");
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
      body: `<main class="prose">\n${body}</main>`,
    }),
  );
}

/** The discrepancy register, rendered from spec/DISCREPANCIES.md. */
function buildRegister(/** @type {string} */ markdown, /** @type {Set<string>} */ entries) {
  const body = renderMarkdown(markdown, { entries });
  writeFileSync(
    path.join(dist, "discrepancies.html"),
    layout({
      id: "discrepancies",
      title: "Discrepancy register · ci-artifacts",
      root: "",
      body: `<main class="prose">\n${body}</main>`,
    }),
  );
}

function main() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const registerMarkdown = readFileSync(path.join(repoRoot, "spec", "DISCREPANCIES.md"), "utf8");
  const entries = registerEntries(registerMarkdown);

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
          head: "{{{redocHead}}}",
          body: "{{{redocHTML}}}",
          bodyClass: "reference",
        }),
      );
      return { api, bundle: buildReference(api, work, entries) };
    });
    buildLanding(built);
    buildRegister(registerMarkdown, entries);
    for (const file of ["site.css", "favicon.svg"]) cpSync(path.join(packageDir, "site", file), path.join(dist, file));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    `docs: built ${path.relative(process.cwd(), dist) || "."}/ (${APIS.map((a) => a.id).join(", ")}, landing page, discrepancy register)`,
  );
}

try {
  main();
} catch (error) {
  console.error(`docs build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
