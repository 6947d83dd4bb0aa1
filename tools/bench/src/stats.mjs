// @ts-check
// Pure helpers: every figure in BENCHMARKS.md goes through these, so they are unit-tested.

/**
 * @typedef {{ direction: "max" | "min", value: number, text: string }} Goal
 *   "max": the ratio must be at most `value`; "min": at least `value`.
 * @typedef {{
 *   id: string,
 *   figure: string,
 *   measured: string,
 *   baseline: string,
 *   ratio: number | undefined,
 *   goal?: Goal,
 *   met?: boolean,
 *   note?: string,
 * }} Row
 */

/**
 * measured / baseline, refusing a baseline that would make the ratio meaningless.
 * @param {number} measured
 * @param {number} baseline
 */
export function ratio(measured, baseline) {
  if (!Number.isFinite(measured) || !Number.isFinite(baseline)) {
    throw new RangeError(`ratio of non-finite numbers: ${measured} / ${baseline}`);
  }
  if (baseline <= 0) throw new RangeError(`ratio against a baseline of ${baseline}`);
  return measured / baseline;
}

/**
 * The p-th percentile by the nearest-rank method (the smallest value with at least p% of the
 * values at or below it), so p99 of 10,000 latencies is an observed latency, not an interpolation.
 * https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method
 * @param {ArrayLike<number>} values
 * @param {number} p in (0, 100]
 */
export function percentile(values, p) {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) throw new RangeError("percentile of no values");
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return /** @type {number} */ (sorted[rank - 1]);
}

/** @param {ArrayLike<number>} values */
export function median(values) {
  return percentile(values, 50);
}

/** @param {Goal} goal @param {number} value */
export function meets(goal, value) {
  return goal.direction === "max" ? value <= goal.value : value >= goal.value;
}

/** @param {number} r */
export function formatRatio(r) {
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}x`;
}

/** Bytes in KiB with two decimals (1 KiB = 1024 bytes). @param {number} bytes */
export function formatBytes(bytes) {
  return `${(bytes / 1024).toFixed(2)} KiB`;
}

/** Bytes in MiB with one decimal. @param {number} bytes */
export function formatMiB(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A duration given in milliseconds, in the unit that keeps three significant figures readable. @param {number} ms */
export function formatMs(ms) {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 10_000) return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A rate with thousands separators, e.g. "12,345 /s". @param {number} perSecond */
export function formatRate(perSecond) {
  return `${Math.round(perSecond).toLocaleString("en-US")} /s`;
}

/** Escape a cell so it cannot break a Markdown table row. @param {string} text */
function cell(text) {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/**
 * A Markdown table whose columns are padded, so the same text reads as a table on a terminal.
 * @param {string[]} header
 * @param {string[][]} body
 */
export function markdownTable(header, body) {
  for (const [i, row] of body.entries()) {
    if (row.length !== header.length)
      throw new RangeError(`row ${i} has ${row.length} cells, the header ${header.length}`);
  }
  const rows = [header, ...body].map((row) => row.map(cell));
  const widths = header.map((_, c) => Math.max(3, ...rows.map((row) => [...(row[c] ?? "")].length)));
  const line = (/** @type {string[]} */ row) =>
    `| ${row.map((text, c) => text + " ".repeat((widths[c] ?? 0) - [...text].length)).join(" | ")} |`;
  const rule = `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`;
  const [head, ...rest] = rows;
  return [line(/** @type {string[]} */ (head)), rule, ...rest.map(line)].join("\n");
}

/** @param {Row} row */
export function verdict(row) {
  if (!row.goal) return "";
  if (row.met === undefined) return "not measured";
  return row.met ? "met" : "MISSED";
}

/** The results table: one line per figure, the goal and verdict beside it. @param {Row[]} rows */
export function resultsTable(rows) {
  return markdownTable(
    ["#", "Figure", "Measured", "Baseline", "Ratio", "Goal", "Verdict"],
    rows.map((row) => [
      row.id,
      row.figure,
      row.measured,
      row.baseline,
      row.ratio === undefined ? "" : formatRatio(row.ratio),
      row.goal?.text ?? "",
      verdict(row),
    ]),
  );
}

/**
 * A row with its verdict worked out from the goal.
 * @param {Omit<Row, "met">} row
 * @returns {Row}
 */
export function judged(row) {
  if (!row.goal || row.ratio === undefined) return row;
  return { ...row, met: meets(row.goal, row.ratio) };
}
