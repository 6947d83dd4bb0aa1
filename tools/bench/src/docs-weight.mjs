// @ts-check
// Item 6: what a reader's browser loads for one page of the docs site (the HTML and the files it
// links: stylesheets, icons, scripts, images), against the site as the docs package built it at
// BASELINE_COMMIT, both built in this run from the same descriptions.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { constants, gzipSync } from "node:zlib";
import { spawnCollect } from "./child.mjs";
import { formatBytes, judged, ratio } from "./stats.mjs";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const DOCS = path.join(REPO, "packages", "docs");
/** The last commit before the site gained guides and evidence pages: "today's" site. */
export const BASELINE_COMMIT = "3e215f5";

/** @typedef {{ page: string, html: number, loads: { file: string, bytes: number }[], total: number, gzipped: number }} Weighed */

/** Every HTML file under a folder, as paths from it with `/`. @param {string} dir @returns {string[]} */
function htmlFiles(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return htmlFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith(".html") ? [`${prefix}${entry.name}`] : [];
  });
}

/**
 * The attributes of one start tag, names in lower case, values as written: double-quoted,
 * single-quoted or unquoted (a minified page leaves out the quotes it can).
 * @param {string} tag
 */
export function attributesOf(tag) {
  /** @type {Map<string, string>} */
  const found = new Map();
  const inside = tag.replace(/^<[a-z][a-z0-9-]*/i, "").replace(/\/?>$/, "");
  for (const m of inside.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = /** @type {string} */ (m[1]).toLowerCase();
    if (!found.has(name)) found.set(name, m[2] ?? m[3] ?? m[4] ?? "");
  }
  return found;
}

/**
 * The files of the site a page makes the browser load: stylesheets, icons, scripts and images it
 * links by a relative URL, each once. Links to other pages and downloads are not loads.
 * @param {string} html
 */
export function loadedFiles(html) {
  const found = new Set();
  for (const [tag, name] of html.matchAll(/<(link|script|img)\b(?:"[^"]*"|'[^']*'|[^"'>])*>/gi)) {
    const attributes = attributesOf(tag);
    const isLink = /** @type {string} */ (name).toLowerCase() === "link";
    const rel = (attributes.get("rel") ?? "").toLowerCase().split(/\s+/);
    if (isLink && !rel.some((word) => ["stylesheet", "icon", "preload", "modulepreload"].includes(word))) continue;
    const url = attributes.get(isLink ? "href" : "src");
    if (url && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith("//")) found.add(url.split(/[?#]/)[0]);
  }
  return [...found];
}

/**
 * The weight of every page of a built site: its HTML plus every file it loads, raw and gzipped
 * (level 9, each file on its own, as a static host would send them).
 * @param {string} dir
 * @returns {Weighed[]}
 */
export function weighSite(dir) {
  const gz = (/** @type {Buffer} */ bytes) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).byteLength;
  return htmlFiles(dir)
    .sort()
    .map((page) => {
      const html = readFileSync(path.join(dir, page));
      const loads = loadedFiles(html.toString("utf8")).map((url) => {
        const file = path.posix.normalize(path.posix.join(path.posix.dirname(page), url));
        const full = path.join(dir, file);
        if (!existsSync(full)) throw new Error(`${page} loads ${url}, which the site does not have`);
        return { file, bytes: readFileSync(full) };
      });
      return {
        page,
        html: html.byteLength,
        loads: loads.map(({ file, bytes }) => ({ file, bytes: bytes.byteLength })),
        total: html.byteLength + loads.reduce((sum, load) => sum + load.bytes.byteLength, 0),
        gzipped: gz(html) + loads.reduce((sum, load) => sum + gz(load.bytes), 0),
      };
    });
}

/** Runs a docs build script, failing with its output. @param {string} script @param {string[]} args */
async function build(script, args) {
  const result = await spawnCollect(process.execPath, [script, ...args], { env: process.env, timeoutMs: 300_000 });
  if (result.code !== 0)
    throw new Error(`${path.relative(REPO, script)} failed: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
}

/**
 * Builds the docs package of BASELINE_COMMIT (its scripts, library and site files, run with
 * today's dependencies) and of the working tree, from the same descriptions.
 * @param {string} work
 */
async function buildBoth(work) {
  const known = spawnSync("git", ["-C", REPO, "cat-file", "-e", `${BASELINE_COMMIT}^{commit}`]);
  if (known.status !== 0)
    throw new Error(`the baseline commit ${BASELINE_COMMIT} is not in this clone (a shallow clone?): fetch it first`);
  const archive = spawnSync("git", ["-C", REPO, "archive", "--format=tar", BASELINE_COMMIT, "packages/docs"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  if (archive.status !== 0) throw new Error(`git archive ${BASELINE_COMMIT}: ${archive.stderr}`);
  const untar = spawnSync("tar", ["-x", "-C", work], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`);
  const baselineDocs = path.join(work, "packages", "docs");
  symlinkSync(path.join(DOCS, "node_modules"), path.join(baselineDocs, "node_modules"), "dir");

  const baseline = path.join(work, "baseline");
  const current = path.join(work, "current");
  await build(path.join(baselineDocs, "scripts", "build.mjs"), ["--root", REPO, "--out", baseline]);
  await build(path.join(DOCS, "scripts", "build.mjs"), ["--out", current]);
  return { baseline, current };
}

/** @param {Weighed[]} pages */
const heaviest = (pages) => pages.reduce((a, b) => (b.total > a.total ? b : a));
/** @param {Weighed[]} pages */
const mean = (pages) => pages.reduce((sum, p) => sum + p.total, 0) / pages.length;

export async function run() {
  const work = mkdtempSync(path.join(tmpdir(), "ci-artifacts-bench-docs-"));
  try {
    const sites = await buildBoth(work);
    const before = weighSite(sites.baseline);
    const after = weighSite(sites.current);
    const goal = /** @type {const} */ ({ direction: "max", value: 1, text: "≤ 1.00x" });
    const top = { before: heaviest(before), after: heaviest(after) };
    const rows = [
      judged({
        id: "6a",
        figure: "Docs: heaviest page, HTML + what it loads",
        measured: `${formatBytes(top.after.total)} (${top.after.page})`,
        baseline: `${formatBytes(top.before.total)} (${top.before.page}, ${BASELINE_COMMIT})`,
        ratio: ratio(top.after.total, top.before.total),
        goal,
      }),
      judged({
        id: "6b",
        figure: "Docs: mean weight per page",
        measured: `${formatBytes(mean(after))} over ${after.length} pages`,
        baseline: `${formatBytes(mean(before))} over ${before.length} pages`,
        ratio: ratio(mean(after), mean(before)),
        goal,
      }),
      // Each page the baseline had, held to the same goal: no page heavier than it was.
      ...before.flatMap((old, i) => {
        const now = after.find((p) => p.page === old.page);
        if (!now) return [];
        return [
          judged({
            id: `6${String.fromCharCode(99 + i)}`,
            figure: `Docs: ${old.page}`,
            measured: `${formatBytes(now.total)} (gzipped ${formatBytes(now.gzipped)})`,
            baseline: `${formatBytes(old.total)} (gzipped ${formatBytes(old.gzipped)})`,
            ratio: ratio(now.total, old.total),
            goal,
          }),
        ];
      }),
    ];
    const line = (/** @type {Weighed} */ p) =>
      `${p.page} ${formatBytes(p.total)} (HTML ${formatBytes(p.html)}${p.loads.map((l) => `, ${l.file} ${formatBytes(l.bytes)}`).join("")}; gzipped ${formatBytes(p.gzipped)})`;
    const details = [
      `Both sites are built in this run from the same descriptions: the working tree's docs package, and ${BASELINE_COMMIT}'s (git archive of packages/docs, run with today's dependencies). A page's weight is its HTML plus the files it makes the browser load (stylesheets, icon, scripts, images); links to other pages and downloads are not counted.`,
      `Gzipped (level 9, file by file), heaviest page: ${formatBytes(top.after.gzipped)} against ${formatBytes(top.before.gzipped)}; mean: ${formatBytes(after.reduce((s, p) => s + p.gzipped, 0) / after.length)} against ${formatBytes(before.reduce((s, p) => s + p.gzipped, 0) / before.length)}.`,
      `Baseline pages: ${before.map(line).join("; ")}.`,
      `Pages now: ${after.map(line).join("; ")}.`,
    ];
    return { rows, details };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
