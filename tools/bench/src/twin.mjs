// @ts-check
// Item 7: the twin of @ci-artifacts/mock against Stoplight Prism, serving the same list operation
// of the same description over loopback. Each server runs in a process of its own, and the same
// load generator (a fresh child per run) asks each the same URL; runs are interleaved and the best
// of each server stands, as the least disturbed.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { startPrism } from "@ci-artifacts/test-support/prism";
import { runNode } from "./child.mjs";
import { formatMs, formatRate, formatRatio, judged, ratio } from "./stats.mjs";
import { cpuMsOf, startTwinProcess } from "./twin-process.mjs";

const require = createRequire(import.meta.url);
const LOAD = fileURLToPath(new URL("twin-child.mjs", import.meta.url));
const LIST = "/organizations/my-great-org/pipelines/my-pipeline/builds/1/artifacts";
const GOAL = 5;

/**
 * @typedef {{ count: number, wallMs: number, perSecond: number, p50Ms: number, p99Ms: number, statuses: Record<string, number>, errors: number, bytes: number, serverCpuMs: number }} Run
 */

/** @param {{ count: number, concurrency: number, rounds: number }} size */
export async function run(size) {
  const [prism, twin] = await Promise.all([
    startPrism(require.resolve("@ci-artifacts/openapi/buildkite.json")),
    startTwinProcess("list"),
  ]);
  try {
    return await measure(size, prism, twin);
  } finally {
    await Promise.all([prism.close(), twin.close()]);
  }
}

/**
 * @param {{ count: number, concurrency: number, rounds: number }} size
 * @param {{ url: string, pid: number }} prismServer
 * @param {{ url: string, token: string, pid: number }} twin
 */
async function measure(size, prismServer, twin) {
  // The same page size for both: Prism answers its two-artifact example whatever is asked.
  const query = "?per_page=2";
  /** One run, with the CPU the server used for it (warm-up included, as the server cannot tell them apart). */
  const load = async (/** @type {string} */ url, /** @type {string} */ token, /** @type {number} */ pid) => {
    const before = cpuMsOf(pid);
    const result = /** @type {Run} */ (await runNode(LOAD, [url, token, String(size.count), String(size.concurrency)]));
    return { ...result, serverCpuMs: cpuMsOf(pid) - before };
  };
  /** @type {{ prism: Run[], twin: Run[], twinDefault: Run[] }} */
  const runs = { prism: [], twin: [], twinDefault: [] };
  for (let i = 0; i < size.rounds; i++) {
    runs.prism.push(await load(`${prismServer.url}${LIST}${query}`, "bench-token", prismServer.pid));
    runs.twin.push(await load(`${twin.url}${LIST}${query}`, twin.token, twin.pid));
    runs.twinDefault.push(await load(`${twin.url}${LIST}`, twin.token, twin.pid));
  }
  const best = (/** @type {Run[]} */ list) => list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  // CPU: the lowest run, as contention only adds to it.
  const lowest = (/** @type {Run[]} */ list) => list.reduce((a, b) => (b.serverCpuMs < a.serverCpuMs ? b : a));
  const perRequest = (/** @type {Run} */ r) => r.serverCpuMs / (r.count + Math.min(200, r.count));
  const prism = best(runs.prism);
  const ours = best(runs.twin);
  const full = best(runs.twinDefault);
  for (const [name, r] of Object.entries({ prism, twin: ours, "twin, default page": full })) {
    const ok = Object.entries(r.statuses).every(([status]) => status === "200");
    if (!ok) throw new Error(`item 7: ${name} answered ${JSON.stringify(r.statuses)}, not only 200`);
  }
  const figure = `listBuildArtifacts ${query}, ${size.count.toLocaleString("en-US")} GETs at concurrency ${size.concurrency}: requests/s (ratio: twin / Prism)`;
  const rows = [
    judged({
      id: "7a",
      figure,
      measured: `${formatRate(ours.perSecond)} (twin)`,
      baseline: `${formatRate(prism.perSecond)} (Prism)`,
      ratio: ratio(ours.perSecond, prism.perSecond),
      goal: { direction: "min", value: GOAL, text: `≥ ${GOAL}x` },
    }),
    judged({
      id: "7b",
      figure: "the same: the server's CPU per request (ratio: Prism / twin)",
      measured: `${formatMs(perRequest(lowest(runs.twin)))} (twin)`,
      baseline: `${formatMs(perRequest(lowest(runs.prism)))} (Prism)`,
      ratio: ratio(perRequest(lowest(runs.prism)), perRequest(lowest(runs.twin))),
    }),
  ];
  const details = [
    `Both servers on 127.0.0.1, each in a process of its own: Prism 5.14.2 (\`prism mock\`, static examples, request validation on) and the twin (\`startTwin("buildkite")\`, its rate limit off so every request reaches the operation). The load: a fresh child per run sending ${size.count.toLocaleString("en-US")} GETs of one URL at concurrency ${size.concurrency} over keep-alive node:http connections, after 200 warm-up requests; ${size.rounds} interleaved rounds, the best run of each kept.`,
    `Same URL for both, \`${LIST}${query}\`: Prism answers its \`build-artifacts\` example (2 artifacts, ${prism.bytes} bytes), the twin two seeded artifacts (${ours.bytes} bytes), validated, paged and with a Link header. p50 / p99: twin ${formatMs(ours.p50Ms)} / ${formatMs(ours.p99Ms)}, Prism ${formatMs(prism.p50Ms)} / ${formatMs(prism.p99Ms)}.`,
    `The twin's default page (30 artifacts, ${full.bytes} bytes): ${formatRate(full.perSecond)}, ${formatRatio(ratio(full.perSecond, prism.perSecond))} Prism's rate on its two-artifact page.`,
    `7b: CPU time of the server's process (user and system, from /proc) over a run, warm-up included, per request; the lowest of the runs. It is the figure a busy machine disturbs least: on two shared cores the load generator and other work take CPU from the server in 7a, which compresses the ratio of requests per second.`,
    `Connections reset by the server and asked again: Prism ${runs.prism.map((r) => r.errors).join(" / ")}, twin ${runs.twin.map((r) => r.errors).join(" / ")}.`,
    `Every run: Prism ${runs.prism.map((r) => Math.round(r.perSecond)).join(" / ")}; twin ${runs.twin.map((r) => Math.round(r.perSecond)).join(" / ")}; twin, default page ${runs.twinDefault.map((r) => Math.round(r.perSecond)).join(" / ")} requests/s.`,
  ];
  return {
    rows,
    details,
    notes: {
      "7a": `Why: both servers share two cores with the load generator (and whatever else runs), so requests per second measure the machine as much as the server, and the twin's server sits partly idle waiting for the generator; per request, Prism uses ${formatRatio(ratio(perRequest(lowest(runs.prism)), perRequest(lowest(runs.twin))))} the CPU the twin does (7b). What would close it: a quieter machine, or a load generator on cores of its own.`,
    },
  };
}
