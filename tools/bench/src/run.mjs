// @ts-check
// `pnpm bench`: every item, one table on stdout, and the same in BENCHMARKS.md at the root.
//   --only bytes,ops,...   run some items; the table is printed but BENCHMARKS.md is left alone
//   --quick                small sizes, to check the bench itself works (never written to BENCHMARKS.md)
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as bytes from "./bytes.mjs";
import * as cliDownload from "./cli-download.mjs";
import * as contract from "./contract.mjs";
import * as docsWeight from "./docs-weight.mjs";
import "./fixture.mjs";
import { describeMachine } from "./machine.mjs";
import * as ops from "./ops.mjs";
import * as pipeline from "./pipeline.mjs";
import { formatMs, resultsTable } from "./stats.mjs";
import * as twin from "./twin.mjs";
import * as wire from "./wire.mjs";

const OUT = fileURLToPath(new URL("../../../BENCHMARKS.md", import.meta.url));

/**
 * @typedef {import("./stats.mjs").Row} Row
 * @typedef {{ rows: Row[], details: string[], notes?: Record<string, string> }} ItemResult
 * @typedef {{ title: string, run: (quick: boolean) => Promise<ItemResult> }} Item
 */

// Sized so the whole run stays under 10 minutes on 2 cores (see tools/bench/README.md).
/** @type {Record<string, Item>} */
const ITEMS = {
  bytes: { title: "1. Bytes", run: () => bytes.run() },
  ops: {
    title: "2. Per-request overhead",
    run: (quick) =>
      ops.run(quick ? { rounds: 1, timeMs: 100, cpuCalls: 200 } : { rounds: 3, timeMs: 300, cpuCalls: 10_000 }),
  },
  wire: {
    title: "3. Over the wire",
    run: (quick) =>
      wire.run(
        quick
          ? { gets: 1_000, concurrency: 50, repeats: 1, pages: 5, pageRuns: 1, heapPages: [2, 5] }
          : { gets: 10_000, concurrency: 50, repeats: 4, pages: 50, pageRuns: 5, heapPages: [10, 50, 200] },
      ),
  },
  pipeline: { title: "4. Pipeline", run: (quick) => pipeline.run({ test: !quick }) },
  contract: { title: "5. Contract checks at scale", run: (quick) => contract.run({ quick }) },
  twin: {
    title: "7. The twin against Prism",
    run: (quick) =>
      twin.run(quick ? { count: 300, concurrency: 20, rounds: 1 } : { count: 8_000, concurrency: 20, rounds: 3 }),
  },
  docs: { title: "6. Docs weight per page", run: () => docsWeight.run() },
  // Goal: at most 1.15x the plain loop's time (the row's goal, in cli-download.mjs).
  cli: {
    title: "8. ci-artifacts download",
    run: (quick) =>
      cliDownload.run(
        quick
          ? { files: 30, bytes: 256 * 1024, concurrency: 8, rounds: 1 }
          : { files: 300, bytes: 1024 * 1024, concurrency: 8, rounds: 9 },
      ),
  },
};

const { values } = parseArgs({
  options: { only: { type: "string" }, quick: { type: "boolean", default: false } },
});
const chosen = values.only ? values.only.split(",").map((name) => name.trim()) : Object.keys(ITEMS);
for (const name of chosen) {
  if (!(name in ITEMS)) {
    console.error(`bench: unknown item ${JSON.stringify(name)}; items: ${Object.keys(ITEMS).join(", ")}`);
    process.exit(2);
  }
}

const machine = describeMachine();
const started = performance.now();
/** @type {Row[]} */
const rows = [];
/** @type {{ title: string, details: string[] }[]} */
const sections = [];
/** @type {Record<string, string>} */
const notes = {};
let failures = 0;
for (const name of chosen) {
  const item = /** @type {Item} */ (ITEMS[name]);
  const t = performance.now();
  console.error(`bench: ${item.title} ...`);
  try {
    const result = await item.run(values.quick);
    rows.push(...result.rows);
    sections.push({ title: item.title, details: result.details });
    Object.assign(notes, result.notes);
  } catch (error) {
    failures++;
    const message = error instanceof Error ? error.message : String(error);
    rows.push({
      id: item.title.split(".")[0] ?? name,
      figure: item.title,
      measured: `not measured: ${message.split("\n")[0]}`,
      baseline: "",
      ratio: undefined,
    });
    sections.push({ title: item.title, details: [`Not measured: ${message}`] });
  }
  console.error(`bench: ${item.title} took ${formatMs(performance.now() - t)}`);
}
const totalMs = performance.now() - started;

const missed = rows.filter((row) => row.met === false);
const report = [
  "<!-- Written by `pnpm bench` (tools/bench/src/run.mjs) from a real run; rerun it rather than editing. -->",
  "# Benchmarks",
  "",
  `Measured ${machine.date} at commit ${machine.commit} on ${machine.cpu}, ${machine.cores} cores, ${machine.memory} memory, Node ${machine.node}, ${machine.os}. Load average at the start: ${machine.load}. The whole run took ${formatMs(totalMs)}.`,
  "",
  "Every figure is measured side by side with its baseline in the same run, and the ratio is the figure to compare across machines: absolute times are this machine's on this day. Each measurement runs in a process of its own.",
  "",
  resultsTable(rows),
  "",
  ...(missed.length > 0
    ? [
        "## Goals missed: why, and what would close them",
        "",
        ...missed.map(
          (row) => `- **${row.id}** ${notes[row.id] ?? "No explanation recorded: read the details below."}`,
        ),
        "",
      ]
    : []),
  "## How each figure was measured",
  "",
  ...sections.flatMap((section) => [`### ${section.title}`, "", ...section.details.map((line) => `- ${line}`), ""]),
].join("\n");

console.log(report);
if (chosen.length === Object.keys(ITEMS).length && !values.quick) {
  writeFileSync(OUT, report);
  console.error(`bench: wrote ${OUT}`);
} else {
  console.error("bench: a partial or quick run; BENCHMARKS.md left as it was");
}
process.exitCode = failures > 0 ? 1 : 0;
