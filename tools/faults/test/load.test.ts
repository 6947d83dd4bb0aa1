// 10,000 calls at concurrency 100 against the fault server, 5% of attempts meeting a fault drawn
// from a seeded plan. The plan says in advance how each call must end, so every call is checked
// against its own outcome, not against a rate.
import { getHeapSpaceStatistics } from "node:v8";
import { afterAll, beforeAll, beforeEach, describe, expect, it, type RunnerTestCase } from "vitest";
import { artifactId, BUILD, JOB } from "../src/data.js";
import { LOAD_FAULTS, type LoadServers, startLoadServersInWorker } from "../src/load.js";
import { loadPlan } from "../src/plan.js";
import { startTwins } from "../src/twins.js";
import { dropSpentTimers, expireTimeouts } from "./support/clock.js";
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
/**
 * What the run may keep, in answers per call: a quarter of one. A call that kept its answer (or a
 * Request, a Response, a signal: each larger) would exceed it in a quarter of the calls; what the
 * heap keeps besides (feedback, caches, the pool's connections) stays well below it.
 */
const KEPT_PER_CALL = 1 / 4;
/**
 * Per attempt, on the suite's clock (test/support/clock.ts): it moves on past the timeouts only
 * once every call still out is held by a server (a hang, a stall), so only the planned faults time
 * out, and an answer that comes, however late, never does.
 */
const TIMEOUT_MS = 4_000;
/**
 * Once this many calls out are held, no call is started until the others have ended; then every
 * call out is held, and the clock moves past the timeouts. So no more than CONCURRENCY calls are
 * ever out, and a held call waits for a few others, not for the end of the run.
 */
const HELD_BATCH = 10;
/**
 * A hang catcher, not a measure: a call that never settles is counted as lost instead of hanging
 * the suite, once no call has settled for this long while some are still out. A live run settles
 * calls continuously (retry waits are at most 8 ms, 429s ask for none, held calls end when the
 * clock moves), so a quiet spell this long is a hang, not a slow machine.
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

/**
 * The bytes of the objects the heap keeps once idle: connections closed (their buffers belong to
 * the pool, not to the run), the timers of ended attempts dropped by undici, then full collections
 * (so the reading does not depend on when the collector last ran). Without the code V8 compiles as
 * the run goes: instructions, not objects the run keeps.
 */
async function keptBytes(servers: LoadServers): Promise<number> {
  if (!globalThis.gc) throw new Error("run with --expose-gc (vitest.config.ts execArgv)");
  await servers.dropConnections();
  dropSpentTimers();
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
  }
  return getHeapSpaceStatistics()
    .filter(({ space_name }) => !space_name.startsWith("code_"))
    .reduce((sum, { space_used_size }) => sum + space_used_size, 0);
}

/** The bytes of one answer to the run's reads (the largest answer of its mix), from a twin as the load run's. */
async function answerBytes(): Promise<number> {
  const twins = await startTwins({ token: TOKEN, artifacts: 1, record: false });
  try {
    const { org_slug, pipeline_slug, build_number } = BUILD;
    const url = `${twins.urls.buildkite}/organizations/${org_slug}/pipelines/${pipeline_slug}/builds/${build_number}/jobs/${JOB}/artifacts/${artifactId(0)}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (!response.ok) throw new Error(`the twin answered ${response.status} to ${url}`);
    return (await response.arrayBuffer()).byteLength;
  } finally {
    await twins.close();
  }
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
    const keptBound = Math.round(CALLS * KEPT_PER_CALL * (await answerBytes()));
    const expected = Array.from({ length: CALLS }, (_, i) => expectedOf(i));
    const settled = new Uint8Array(CALLS);
    let lastSettledAt = Date.now();
    const mismatches: string[] = [];
    let mismatched = 0;
    let leaks = 0;
    let retries = 0;
    /** Calls out, and those of them whose request a server holds (each told by the servers). */
    const out = new Set<number>();
    const held = new Set<number>();
    /** A server held a request of a call that was not out, or a held call ended before the clock moved. */
    let strays = 0;
    let onChange = () => {};

    const servers = await startLoadServersInWorker(
      new URL("../dist/load-worker.js", import.meta.url),
      { seed: SEED, calls: CALLS + WARM_UP, attempts: ATTEMPTS, rate: RATE, token: TOKEN },
      (call) => {
        if (out.has(call)) held.add(call);
        else strays++;
        onChange();
      },
    );
    const c = clients(servers.urls, {
      token: TOKEN,
      timeoutMs: TIMEOUT_MS,
      retry: { retries: RETRIES, baseDelayMs: 1, maxDelayMs: 8 },
      onRetry: (event) => {
        retries++;
        if (JSON.stringify(event).includes(TOKEN)) leaks++;
      },
    });

    /**
     * Calls from..from+count, CONCURRENCY of them out, each ending compared with the plan; `check`
     * counts them as the run's. Whenever every call out is held by a server (HELD_BATCH of them,
     * or the last ones), the clock moves past the timeouts, and each held attempt times out.
     */
    const run = (from: number, count: number, check: boolean) =>
      new Promise<void>((resolve) => {
        let next = from;
        const start = (i: number) => {
          out.add(i);
          const call = callOf(i);
          void perform(call, c, { artifact: i, requestId: String(i) })
            .catch((thrown: unknown) => ({ outcome: `perform threw ${String(thrown)}` }))
            .then((outcome) => {
              out.delete(i);
              if (held.delete(i)) strays++;
              lastSettledAt = Date.now();
              if (check) settled[i]!++;
              // The warm-up's calls are checked as well: whatever the checks build once (an error's
              // stack mapped to the sources, say) is then built before the first heap reading.
              if (outcome.outcome !== "ok" && exposed(outcome).includes(TOKEN)) leaks++;
              const planned = check ? expected[i]!.outcome : expectedOf(i).outcome;
              if (outcome.outcome !== planned) {
                mismatched++;
                if (mismatches.length < 10)
                  mismatches.push(`call ${i} (${call}): ${outcome.outcome}, planned ${planned}`);
              }
              onChange();
            });
        };
        onChange = () => {
          while (next < from + count && out.size < CONCURRENCY && held.size < HELD_BATCH) start(next++);
          if (out.size === 0) resolve();
          else if (held.size === out.size) {
            held.clear();
            expireTimeouts(TIMEOUT_MS);
          }
        };
        onChange();
      });

    await run(CALLS, WARM_UP, false);
    await servers.resetCounts();
    retries = 0;
    const heapBeforeBytes = await keptBytes(servers);
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
    const heapAfterBytes = await keptBytes(servers);
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
      keptBoundBytes: keptBound,
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
    expect(strays, "held requests not ended by a timeout of the suite's clock").toBe(0);
    expect(unhandled).toEqual([]);
    expect(
      heapAfterBytes - heapBeforeBytes,
      `objects kept by the run: ${heapBeforeBytes} → ${heapAfterBytes} bytes, more than a quarter of an answer per call (${keptBound} bytes)`,
    ).toBeLessThanOrEqual(keptBound);
  });
});
