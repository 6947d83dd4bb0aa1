// The arithmetic and formatting behind every figure in BENCHMARKS.md. No timing here: the
// benchmarks themselves are run by `pnpm bench`, never by `pnpm test`.
import { describe, expect, it } from "vitest";
import { parseGnuTimeRss } from "../src/child.mjs";
import { turboSummary } from "../src/pipeline.mjs";
import * as stats from "../src/stats.mjs";

describe("ratio", () => {
  it.each([
    { name: "twice as large", given: { measured: 4, baseline: 2 }, want: 2 },
    { name: "half", given: { measured: 1, baseline: 2 }, want: 0.5 },
    { name: "equal", given: { measured: 3, baseline: 3 }, want: 1 },
  ])("$name", ({ given, want }) => {
    expect(stats.ratio(given.measured, given.baseline)).toBe(want);
  });

  it.each([
    { name: "a zero baseline", given: { measured: 1, baseline: 0 } },
    { name: "a negative baseline", given: { measured: 1, baseline: -2 } },
    { name: "a NaN measurement", given: { measured: Number.NaN, baseline: 1 } },
    { name: "an infinite baseline", given: { measured: 1, baseline: Number.POSITIVE_INFINITY } },
  ])("refuses $name", ({ given }) => {
    expect(() => stats.ratio(given.measured, given.baseline)).toThrow(RangeError);
  });
});

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  it.each([
    { name: "p50 of 1..100", given: { values: hundred, p: 50 }, want: 50 },
    { name: "p99 of 1..100", given: { values: hundred, p: 99 }, want: 99 },
    { name: "p100 is the maximum", given: { values: hundred, p: 100 }, want: 100 },
    { name: "a tiny p is the minimum", given: { values: hundred, p: 0.001 }, want: 1 },
    { name: "p50 of two values is the lower", given: { values: [7, 3], p: 50 }, want: 3 },
    { name: "one value", given: { values: [42], p: 99 }, want: 42 },
    { name: "an observed value, not an interpolation", given: { values: [1, 10], p: 75 }, want: 10 },
    { name: "a typed array", given: { values: Float64Array.from([3, 1, 2]), p: 50 }, want: 2 },
  ])("$name", ({ given, want }) => {
    expect(stats.percentile(given.values, given.p)).toBe(want);
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    stats.percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it.each([
    { name: "no values", given: { values: [], p: 50 } },
    { name: "p of 0", given: { values: [1], p: 0 } },
    { name: "p above 100", given: { values: [1], p: 101 } },
  ])("refuses $name", ({ given }) => {
    expect(() => stats.percentile(given.values, given.p)).toThrow(RangeError);
  });
});

describe("goals", () => {
  it.each([
    { name: "at most, under", given: { goal: { direction: "max" as const, value: 1.5 }, value: 1.2 }, want: true },
    { name: "at most, exactly", given: { goal: { direction: "max" as const, value: 1.5 }, value: 1.5 }, want: true },
    { name: "at most, over", given: { goal: { direction: "max" as const, value: 1.5 }, value: 1.51 }, want: false },
    { name: "at least, over", given: { goal: { direction: "min" as const, value: 0.8 }, value: 0.9 }, want: true },
    { name: "at least, under", given: { goal: { direction: "min" as const, value: 0.8 }, value: 0.79 }, want: false },
  ])("$name", ({ given, want }) => {
    expect(stats.meets({ ...given.goal, text: "" }, given.value)).toBe(want);
  });

  it.each([
    { name: "a met goal", given: { ratio: 1.2 }, want: { met: true, verdict: "met" } },
    { name: "a missed goal", given: { ratio: 2 }, want: { met: false, verdict: "MISSED" } },
  ])("judges $name", ({ given, want }) => {
    const row = stats.judged({
      id: "1",
      figure: "f",
      measured: "m",
      baseline: "b",
      ratio: given.ratio,
      goal: { direction: "max", value: 1.5, text: "≤ 1.5x" },
    });
    expect(row.met).toBe(want.met);
    expect(stats.verdict(row)).toBe(want.verdict);
  });

  it("leaves a row without a goal unjudged", () => {
    const row = stats.judged({ id: "1", figure: "f", measured: "m", baseline: "b", ratio: 3 });
    expect(row.met).toBeUndefined();
    expect(stats.verdict(row)).toBe("");
  });
});

describe("formatting", () => {
  it.each([
    { name: "ratio below 10", given: () => stats.formatRatio(1.234), want: "1.23x" },
    { name: "ratio of 10 or more", given: () => stats.formatRatio(23.45), want: "23.4x" },
    { name: "bytes", given: () => stats.formatBytes(2048 + 512), want: "2.50 KiB" },
    { name: "mebibytes", given: () => stats.formatMiB(3 * 1024 * 1024), want: "3.0 MiB" },
    { name: "microseconds", given: () => stats.formatMs(0.0421), want: "42 µs" },
    { name: "a few milliseconds", given: () => stats.formatMs(3.14259), want: "3.14 ms" },
    { name: "milliseconds", given: () => stats.formatMs(1234.5), want: "1235 ms" },
    { name: "seconds", given: () => stats.formatMs(65_432), want: "65.4 s" },
    { name: "a rate", given: () => stats.formatRate(12345.6), want: "12,346 /s" },
  ])("$name", ({ given, want }) => {
    expect(given()).toBe(want);
  });
});

describe("markdownTable", () => {
  it("pads columns so the text reads as a table and stays valid Markdown", () => {
    expect(
      stats.markdownTable(
        ["a", "long header"],
        [
          ["x", "1"],
          ["yyyy", "22"],
        ],
      ),
    ).toBe(
      ["| a    | long header |", "| ---- | ----------- |", "| x    | 1           |", "| yyyy | 22          |"].join(
        "\n",
      ),
    );
  });

  it("escapes pipes and newlines inside cells", () => {
    expect(stats.markdownTable(["h"], [["a|b\nc"]]).split("\n")[2]).toBe("| a\\|b c |");
  });

  it("refuses a row with the wrong number of cells", () => {
    expect(() => stats.markdownTable(["a", "b"], [["only one"]])).toThrow(/row 0 has 1 cells, the header 2/);
  });

  it("puts goal and verdict beside each figure", () => {
    const table = stats.resultsTable([
      stats.judged({
        id: "1a",
        figure: "size",
        measured: "5 KiB",
        baseline: "2.5 KiB",
        ratio: 2,
        goal: { direction: "max", value: 1.5, text: "≤ 1.50x" },
      }),
      { id: "2c", figure: "info", measured: "1", baseline: "2", ratio: undefined },
    ]);
    const [header, , first, second] = table.split("\n");
    expect(header).toMatch(/^\| #\s+\| Figure\s+\| Measured\s+\| Baseline\s+\| Ratio\s+\| Goal\s+\| Verdict\s+\|$/);
    expect(first?.split("|").map((c) => c.trim())).toEqual([
      "",
      "1a",
      "size",
      "5 KiB",
      "2.5 KiB",
      "2.00x",
      "≤ 1.50x",
      "MISSED",
      "",
    ]);
    expect(second?.split("|").map((c) => c.trim())).toEqual(["", "2c", "info", "1", "2", "", "", "", ""]);
  });
});

describe("reading other tools' output", () => {
  it.each([
    {
      name: "turbo's summary of a failed run",
      given:
        "@ci-artifacts/client:build: cache miss, executing 03eb030da8e32d4a\n@ci-artifacts/openapi:lint: cache hit, replaying logs 9f\n  Tasks:    9 successful, 11 total\n Cached:    2 cached, 11 total\n   Time:    8.9s \nFailed:    a#lint, b#build\n",
      want: {
        tasks: "9 successful, 11 total",
        cached: "2 cached, 11 total",
        failed: ["a#lint", "b#build"],
        missed: ["@ci-artifacts/client:build"],
      },
    },
    {
      name: "turbo's summary in colour, all passing",
      given: "\u001b[1m Tasks:\u001b[0m    11 successful, 11 total\n\u001b[1mCached:\u001b[0m    11 cached, 11 total\n",
      want: { tasks: "11 successful, 11 total", cached: "11 cached, 11 total", failed: [], missed: [] },
    },
    {
      name: "no summary",
      given: "ERROR something broke\n",
      want: { tasks: "no summary", cached: "no summary", failed: [], missed: [] },
    },
  ])("$name", ({ given, want }) => {
    expect(turboSummary(given)).toEqual(want);
  });

  it.each([
    {
      name: "GNU time's report",
      given: "\tMaximum resident set size (kbytes): 412188\n\tAverage shared text size (kbytes): 0\n",
      want: 412188 * 1024,
    },
    { name: "no report", given: "", want: undefined },
  ])("peak RSS from $name", ({ given, want }) => {
    expect(parseGnuTimeRss(given)).toBe(want);
  });
});
