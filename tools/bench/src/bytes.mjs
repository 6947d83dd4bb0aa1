// @ts-check
// Item 1: what an app ships when it imports one client, against an app on bare openapi-fetch.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { formatBytes, judged, ratio } from "./stats.mjs";

const APPS = fileURLToPath(new URL("../apps/", import.meta.url));

/** @typedef {{ minified: number, gzipped: number, inputs: { file: string, bytes: number }[] }} Weighed */

/**
 * Bundles an app the way a browser app would be shipped: ESM, minified, tree-shaken, then gzip
 * at level 9 (the figure size badges and bundlephobia quote).
 * @param {string} entry
 * @returns {Promise<Weighed>}
 */
export async function weigh(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    outfile: "out.js",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`${entry}: esbuild produced no output`);
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([name, input]) => ({ file: shortName(name), bytes: input.bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return {
    minified: file.contents.byteLength,
    gzipped: gzipSync(file.contents, { level: constants.Z_BEST_COMPRESSION }).byteLength,
    inputs,
  };
}

/**
 * `../../node_modules/.pnpm/openapi-fetch@0.17.0/node_modules/openapi-fetch/dist/index.js` -> `openapi-fetch/dist/index.js`
 * @param {string} name
 */
function shortName(name) {
  const parts = name.split("node_modules/");
  return (parts.at(-1) ?? name).replace(/^(\.\.\/)+packages\//, "");
}

export async function run() {
  const [bare, buildkite, buddy, batteries] = await Promise.all(
    ["openapi-fetch.mjs", "buildkite-only.mjs", "buddy-only.mjs", "buildkite-default.mjs"].map((app) =>
      weigh(path.join(APPS, app)),
    ),
  );
  if (!bare || !buildkite || !buddy || !batteries) throw new Error("bytes: an app was not weighed");
  const goal = /** @type {const} */ ({ direction: "max", value: 1.5, text: "≤ 1.50x" });
  const baseline = `${formatBytes(bare.gzipped)} (bare openapi-fetch)`;
  const rows = [
    judged({
      id: "1a",
      figure: "App importing only createBuildkiteClient, min+gz",
      measured: formatBytes(buildkite.gzipped),
      baseline,
      ratio: ratio(buildkite.gzipped, bare.gzipped),
      goal,
    }),
    // No goal: the goal is set for the Buildkite app; Buddy's adds its region table and its two error forms.
    judged({
      id: "1b",
      figure: "App importing only createBuddyClient, min+gz",
      measured: formatBytes(buddy.gzipped),
      baseline,
      ratio: ratio(buddy.gzipped, bare.gzipped),
    }),
    // No goal: what the default of the main entry (retry() on) costs, shown beside the core's.
    judged({
      id: "1c",
      figure: "App importing createBuildkiteClient from the main entry (retries, timeouts, pacing on), min+gz",
      measured: formatBytes(batteries.gzipped),
      baseline,
      ratio: ratio(batteries.gzipped, bare.gzipped),
    }),
  ];
  const breakdown = (/** @type {Weighed} */ weighed) =>
    weighed.inputs
      .slice(0, 6)
      .map((input) => `${input.file} ${formatBytes(input.bytes)}`)
      .join(", ");
  const details = [
    `Minified (before gzip): bare openapi-fetch ${formatBytes(bare.minified)}, Buildkite app ${formatBytes(buildkite.minified)}, Buddy app ${formatBytes(buddy.minified)}.`,
    `Minified bytes by source file, Buildkite app: ${breakdown(buildkite)}.`,
    `Minified bytes by source file, Buddy app: ${breakdown(buddy)}.`,
    `Minified bytes by source file, Buildkite app on the main entry: ${breakdown(batteries)}.`,
  ];
  const allowed = bare.gzipped * 0.5;
  const why = (/** @type {Weighed} */ app) =>
    `Why: the app ships ${formatBytes(app.gzipped - bare.gzipped)} (min+gz) on top of openapi-fetch where the goal leaves ${formatBytes(allowed)}. By minified bytes the client's own files are ${app.inputs
      .filter((input) => input.file.startsWith("client/"))
      .map((input) => `${input.file.replace("client/dist/", "")} ${formatBytes(input.bytes)}`)
      .join(
        ", ",
      )}. What the default import holds is the core (authentication, the credential policy, error shaping); timeouts, retries, pacing, events, pagination and downloads are plugins and helpers on subpaths, which an app that does not import them does not ship.`;
  const notes = { "1a": why(buildkite) };
  return { rows, details, notes, raw: { bare, buildkite, buddy, batteries } };
}
