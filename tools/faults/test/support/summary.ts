import type { Reporter, TestModule } from "vitest/node";

/** What a table row leaves in its test's meta for the summary. */
export interface RowMeta {
  /** Faults the servers injected in this row, by kind. */
  injected: Record<string, number>;
  outcome: string;
}

/** What the load run leaves in its test's meta. */
export interface LoadMeta {
  seed: number;
  calls: number;
  concurrency: number;
  settled: number;
  lost: number;
  settledTwice: number;
  mismatched: number;
  injected: Record<string, number>;
  /** For each fault kind, what each injected fault led to: "retried", or how the call ended. */
  outcomes: Record<string, Record<string, number>>;
  /** The heap's objects after full collections (code left out), before and after the run. */
  heapBeforeBytes: number;
  heapAfterBytes: number;
  /** The most the run may keep: a quarter of an answer per call. */
  keptBoundBytes: number;
}

type Tally = Map<string, { injected: number; outcomes: Map<string, number> }>;

function add(tally: Tally, kind: string, injected: number, outcome: string): void {
  const entry = tally.get(kind) ?? { injected: 0, outcomes: new Map<string, number>() };
  entry.injected += injected;
  entry.outcomes.set(outcome, (entry.outcomes.get(outcome) ?? 0) + 1);
  tally.set(kind, entry);
}

function table(title: string, tally: Tally, outcomesOf: string): string[] {
  const kinds = [...tally.keys()].sort();
  const width = Math.max(10, ...kinds.map((k) => k.length));
  const lines = [title, `  ${"fault".padEnd(width)}  injected  ${outcomesOf}`];
  for (const kind of kinds) {
    const { injected, outcomes } = tally.get(kind)!;
    const list = [...outcomes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([o, n]) => `${o} ×${n}`);
    lines.push(`  ${kind.padEnd(width)}  ${String(injected).padStart(8)}  ${list.join(", ")}`);
  }
  return lines;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** Prints the suite's figures after vitest's own report: faults per kind, outcomes per kind, the load run. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows: Tally = new Map();
    const loads: LoadMeta[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta() as { faults?: RowMeta; load?: LoadMeta };
        if (meta.faults) {
          for (const [kind, n] of Object.entries(meta.faults.injected)) add(rows, kind, n, meta.faults.outcome);
        }
        if (meta.load) loads.push(meta.load);
      }
    }
    const out = ["", "Fault suite summary"];
    if (rows.size > 0) out.push(...table("Table (one call per row)", rows, "outcomes of the calls that met it"));
    for (const load of loads) {
      const tally: Tally = new Map();
      for (const kind of new Set([...Object.keys(load.injected), ...Object.keys(load.outcomes)])) {
        tally.set(kind, {
          injected: load.injected[kind] ?? 0,
          outcomes: new Map(Object.entries(load.outcomes[kind] ?? {})),
        });
      }
      const injected = Object.values(load.injected).reduce((a, b) => a + b, 0);
      out.push(...table(`Load (seed ${load.seed}): ${injected} faults injected`, tally, "what each led to"));
      out.push(
        `  calls made under load: ${load.calls} at concurrency ${load.concurrency}; settled ${load.settled}, twice ${load.settledTwice}, answers mismatched ${load.mismatched}`,
        `  calls lost: ${load.lost}`,
        `  heap after gc (objects): ${mb(load.heapBeforeBytes)} before, ${mb(load.heapAfterBytes)} after: ${kb(load.heapAfterBytes - load.heapBeforeBytes)} kept, at most ${kb(load.keptBoundBytes)}`,
      );
    }
    console.log(out.join("\n"));
  }
}
