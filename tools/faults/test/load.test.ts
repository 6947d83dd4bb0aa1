// 10,000 calls at concurrency 100 against the fault server, 5% of attempts meeting a fault drawn
// from a seeded plan. The plan says in advance how each call must end, so every call is checked
// against its own outcome, not against a rate.
import { afterAll, beforeAll, beforeEach, describe, expect, it, type RunnerTestCase } from "vitest";
import { LOAD_FAULTS, type LoadServers, startLoadServersInWorker } from "../src/load.js";
import { loadPlan } from "../src/plan.js";
import { type Call, clients, exposed, METHOD, perform, TOKEN } from "./support/harness.js";
import type { LoadMeta } from "./support/summary.js";

const SEED = Number(process.env.FAULTS_SEED ?? 20_251_123);
const CALLS = 10_000;
const CONCURRENCY = 100;
const RATE = 0.05;
const RETRIES = 3;
const ATTEMPTS = RETRIES + 1;
/** Calls made (with faults too) before the first heap reading, so every code path is compiled and every pool grown. */
const WARM_UP = 2_000;
/** Far above any answer's latency on a busy machine, so only the planned faults time out. */
const TIMEOUT_MS = 4_000;
/**
 * A call that never settles is counted as lost instead of hanging the suite: the run ends once no
 * call has settled for this long while some are still out. Every attempt times out after
 * TIMEOUT_MS and 429 waits are short, so a live run settles something every few seconds; a quiet
 * spell this long is a hang, not a slow machine (a fixed deadline for the whole run would count a
 * loaded machine's slowness as lost calls).
 */
const STALL_MS = 30_000;
const IDEMPOTENT = new Set(["GET", "HEAD", "DELETE"]);

/** Eight in ten calls read, one creates, one updates. */
const callOf = (i: number): Call => (i % 10 === 3 ? "createArtifact" : i % 10 === 7 ? "updateArtifact" : "getArtifact");

// The same plan the servers draw from: the warm-up calls are numbered after the measured ones.
const plan = loadPlan({
  seed: SEED,
  calls: CALLS + WARM_UP,
  attempts: ATTEMPTS,
  rate: RATE,
  kinds: LOAD_FAULTS.length,
});

/** How call i must end, how many requests it makes, and what each fault it meets leads to: "retried" or that ending. */
function expectedOf(i: number): { outcome: string; requests: number; met: [kind: string, led: string][] } {
  const method = METHOD[callOf(i)];
  const met: [string, string][] = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const k = plan.faultAt(i, attempt);
    if (k < 0) return { outcome: "ok", requests: attempt, met };
    const { kind, retried, ends } = LOAD_FAULTS[k]!;
    if (attempt < ATTEMPTS && (retried === "always" || (retried === "idempotent" && IDEMPOTENT.has(method)))) {
      met.push([kind, "retried"]);
      continue;
    }
    met.push([kind, ends]);
    return { outcome: ends, requests: attempt, met };
  }
  throw new Error("unreachable: the last attempt is never retried");
}

/** The heap once idle: connections closed (their buffers belong to the pool, not to the run), then collected. */
async function heapAfterGc(servers: LoadServers): Promise<number> {
  if (!globalThis.gc) throw new Error("run with --expose-gc (vitest.config.ts execArgv)");
  await servers.dropConnections();
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
  }
  return process.memoryUsage().heapUsed;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});

let task: RunnerTestCase;
beforeEach((context) => {
  task = context.task;
});

describe("load", () => {
  it(`${CALLS} calls at concurrency ${CONCURRENCY} with ${RATE * 100}% faults (seed ${SEED}): every call settles once, as planned`, async () => {
    // Everything the run keeps is allocated before the first heap reading.
    const expected = Array.from({ length: CALLS }, (_, i) => expectedOf(i));
    const settled = new Uint8Array(CALLS);
    let lastSettledAt = Date.now();
    const mismatches: string[] = [];
    let mismatched = 0;
    let leaks = 0;
    let retries = 0;

    const servers = await startLoadServersInWorker(new URL("../dist/load-worker.js", import.meta.url), {
      seed: SEED,
      calls: CALLS + WARM_UP,
      attempts: ATTEMPTS,
      rate: RATE,
      token: TOKEN,
    });
    const c = clients(servers.urls, {
      token: TOKEN,
      timeoutMs: TIMEOUT_MS,
      retry: { retries: RETRIES, baseDelayMs: 1, maxDelayMs: 8 },
      onRetry: (event) => {
        retries++;
        if (JSON.stringify(event).includes(TOKEN)) leaks++;
      },
    });

    /** Calls from..from+count with CONCURRENCY in flight; `check` compares each ending with the plan. */
    const run = async (from: number, count: number, check: boolean) => {
      let next = from;
      const worker = async () => {
        while (next < from + count) {
          const i = next++;
          const call = callOf(i);
          const outcome = await perform(call, c, { artifact: i, requestId: String(i) }).catch((thrown: unknown) => ({
            outcome: `perform threw ${String(thrown)}`,
          }));
          if (!check) continue;
          settled[i]!++;
          lastSettledAt = Date.now();
          if (outcome.outcome !== "ok" && exposed(outcome).includes(TOKEN)) leaks++;
          if (outcome.outcome !== expected[i]!.outcome) {
            mismatched++;
            if (mismatches.length < 10)
              mismatches.push(`call ${i} (${call}): ${outcome.outcome}, planned ${expected[i]!.outcome}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };

    await run(CALLS, WARM_UP, false);
    await servers.resetCounts();
    retries = 0;
    const heapBeforeBytes = await heapAfterGc(servers);
    lastSettledAt = Date.now();
    let watchdog: ReturnType<typeof setInterval> | undefined;
    const stalled = new Promise((resolve) => {
      watchdog = setInterval(() => {
        if (Date.now() - lastSettledAt > STALL_MS) resolve(undefined);
      }, 1_000);
    });
    await Promise.race([run(0, CALLS, true), stalled]);
    clearInterval(watchdog);
    // Counted before the connections are dropped below, which would end a hung call with a NetworkError.
    const lost = settled.filter((n) => n === 0).length;
    const heapAfterBytes = await heapAfterGc(servers);
    const report = await servers.report();
    await servers.close();

    const injected: Record<string, number> = {};
    const outcomes: Record<string, Record<string, number>> = {};
    let requests = 0;
    for (const { met, requests: n } of expected) {
      requests += n;
      for (const [kind, led] of met) {
        injected[kind] = (injected[kind] ?? 0) + 1;
        outcomes[kind] ??= {};
        outcomes[kind][led] = (outcomes[kind][led] ?? 0) + 1;
      }
    }
    const meta: LoadMeta = {
      seed: SEED,
      calls: CALLS,
      concurrency: CONCURRENCY,
      settled: settled.filter((n) => n > 0).length,
      lost,
      settledTwice: settled.filter((n) => n > 1).length,
      mismatched,
      injected: report.injected,
      outcomes,
      heapBeforeBytes,
      heapAfterBytes,
    };
    (task.meta as { load?: LoadMeta }).load = meta;

    expect(meta.lost, "calls lost").toBe(0);
    expect(meta.settledTwice, "calls settled twice").toBe(0);
    expect(mismatches, `${mismatched} calls did not end as planned`).toEqual([]);
    // The servers injected what the plan holds and saw each planned request once: none lost, none extra.
    expect(report.injected).toEqual(injected);
    expect(report.received, "requests").toBe(requests);
    expect(retries, "onRetry calls").toBe(requests - CALLS);
    expect(report.resentWrites, "POST or PATCH sent again after anything but a 429").toBe(0);
    expect(report.otherReceived, "requests to the other origin").toBe(0);
    expect(leaks, "outcomes or onRetry payloads holding the token").toBe(0);
    expect(unhandled).toEqual([]);
    expect(
      Math.abs(heapAfterBytes - heapBeforeBytes) / heapBeforeBytes,
      `heap ${heapBeforeBytes} → ${heapAfterBytes} bytes`,
    ).toBeLessThanOrEqual(0.1);
  });
});
