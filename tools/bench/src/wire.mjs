// @ts-check
// Item 3: the client over a real socket against raw fetch and bare openapi-fetch. The server (the
// twin of @ci-artifacts/mock) and each caller run in processes of their own, so each has a core,
// a heap and an event loop to itself, and the CPU each side spends per request is read apart:
// the figures measure the client only while the caller, not the server, bounds the run.
import { fileURLToPath } from "node:url";
import { runNode } from "./child.mjs";
import { PER_PAGE } from "./fixture.mjs";
import { formatBytes, formatMiB, formatMs, formatRate, formatRatio, judged, ratio } from "./stats.mjs";
import { startTwinProcess } from "./twin-process.mjs";
import { boundBy } from "./wire-bound.mjs";

const CHILD = fileURLToPath(new URL("wire-child.mjs", import.meta.url));
/** The client against bare openapi-fetch over the socket. */
const WITHIN_OPENAPI_FETCH = 1.05;
/** paginate, and the heap, against a raw fetch loop. */
const WITHIN = 1.1;

/**
 * @typedef {{ cpuMs: number, requests: number }} ServerUse the twin's CPU and requests over one child's run
 * @typedef {{ count: number, wallMs: number, perSecond: number, p50Ms: number, p99Ms: number, cpuMs: number, server: ServerUse }} Gets
 * @typedef {{ pages: number, items: number, runs: number[], medianMs: number, cpuMs: number, server: ServerUse }} Pages
 * @typedef {{ pages: number, items: number, baseHeapBytes: number, peakHeapBytes: number, retainedBytes: number }} Heap
 */

/**
 * @param {{ gets: number, concurrency: number, repeats: number, pages: number, pageRuns: number, heapPages: number[] }} size
 */
export async function run(size) {
  const server = await startTwinProcess("wire");
  try {
    return await measure(server, size);
  } finally {
    await server.close();
  }
}

/**
 * @param {import("./twin-process.mjs").TwinProcess} server
 * @param {{ gets: number, concurrency: number, repeats: number, pages: number, pageRuns: number, heapPages: number[] }} size
 */
async function measure(server, size) {
  const origin = server.origin;
  /** A child's run, with what the server spent on it (its warm-up included: the server cannot tell). */
  const withServer = async (/** @type {string[]} */ args) => {
    const before = await server.stats();
    const result = await runNode(CHILD, args);
    const after = await server.stats();
    return { ...result, server: { cpuMs: after.cpuMs - before.cpuMs, requests: after.requests - before.requests } };
  };
  const getArgs = [origin, String(size.gets), String(size.concurrency)];
  /** @type {Record<string, Gets[]>} */
  const gets = { raw: [], "openapi-fetch": [], client: [], "client-core": [], "openapi-fetch-dispatcher": [] };
  // Interleaved repeats, the order turned each time so that no caller always runs first or right
  // after the same other; the best throughput of each caller stands, as the least disturbed run.
  const callers = Object.keys(gets);
  for (let i = 0; i < size.repeats; i++) {
    const turn = i % callers.length;
    for (const caller of [...callers.slice(turn), ...callers.slice(0, turn)]) {
      gets[caller]?.push(await withServer(["get", caller, ...getArgs]));
    }
  }
  const best = (/** @type {string} */ caller) =>
    /** @type {Gets} */ ((gets[caller] ?? []).reduce((a, b) => (b.perSecond > a.perSecond ? b : a)));
  const raw = best("raw");
  const bare = best("openapi-fetch");
  const client = best("client");
  const cpuLow = (/** @type {string} */ caller) => Math.min(...(gets[caller] ?? []).map((g) => g.cpuMs / g.count));
  const serverLow = (/** @type {string} */ caller) =>
    Math.min(...(gets[caller] ?? []).map((g) => g.server.cpuMs / g.server.requests));
  /** @type {Record<string, import("./wire-bound.mjs").Bound>} */
  const bounds = Object.fromEntries(
    ["raw", "openapi-fetch", "client"].map((caller) => {
      const b = best(caller);
      return [
        caller,
        boundBy({ callerMs: b.cpuMs / b.count, serverMs: b.server.cpuMs / b.server.requests, perSecond: b.perSecond }),
      ];
    }),
  );

  const serverBound = Object.entries(bounds).flatMap(([caller, b]) => (b.side === "server" ? [caller] : []));

  /** @type {Record<string, Pages>} */
  const pages = {};
  for (const caller of ["raw", "raw-generator", "client"])
    pages[caller] = await withServer(["paginate", caller, origin, String(size.pages), String(size.pageRuns)]);
  const rawPages = /** @type {Pages} */ (pages.raw);
  const generatorPages = /** @type {Pages} */ (pages["raw-generator"]);
  const clientPages = /** @type {Pages} */ (pages.client);
  const perPage = (/** @type {Pages} */ p) => p.server.cpuMs / p.server.requests;

  // Peak heap as sampled (what a process would show) and the heap still live at each page
  // boundary after a forced collection (what the caller holds on to), each in a fresh child.
  /** @type {Record<string, Record<number, Heap>>} */
  const heap = { raw: {}, client: {} };
  /** @type {Record<string, Record<number, Heap>>} */
  const live = { raw: {}, client: {} };
  for (const n of size.heapPages) {
    for (const caller of ["raw", "client"]) {
      const slot = heap[caller];
      const liveSlot = live[caller];
      if (!slot || !liveSlot) continue;
      slot[n] = await runNode(CHILD, ["heap", caller, origin, String(n)], { nodeArgs: ["--expose-gc"] });
      liveSlot[n] = await runNode(CHILD, ["live", caller, origin, String(n)], { nodeArgs: ["--expose-gc"] });
    }
  }
  const first = /** @type {number} */ (size.heapPages[0]);
  const last = /** @type {number} */ (size.heapPages.at(-1));
  const series = (
    /** @type {Record<number, Heap>} */ byPages,
    /** @type {"peakHeapBytes" | "retainedBytes"} */ key,
    /** @type {(bytes: number) => string} */ format = formatBytes,
  ) => size.heapPages.map((n) => format(byPages[n]?.[key] ?? NaN)).join(" / ");
  const at = (
    /** @type {Record<string, Record<number, Heap>>} */ table,
    /** @type {string} */ caller,
    /** @type {number} */ n,
  ) => /** @type {Heap} */ (table[caller]?.[n]);

  /** @type {{ bytes: number, jsonBytes: number }} */
  const page = await runNode(CHILD, ["page-weight", "raw", origin], { nodeArgs: ["--expose-gc"] });
  // Live heap gained between the shortest and longest read, as a share of the heap the extra
  // pages took while each was held: 0 is flat, 1 is keeping every item.
  const retainedShare = (/** @type {string} */ caller) =>
    Math.max(0, at(live, caller, last).peakHeapBytes - at(live, caller, first).peakHeapBytes) /
    ((last - first) * page.bytes);

  const within = { direction: /** @type {const} */ ("max"), value: WITHIN, text: `≤ ${WITHIN.toFixed(2)}x` };
  const perRequest = `${size.gets.toLocaleString("en-US")} GETs, concurrency ${size.concurrency}`;
  const rows = [
    judged({
      id: "3a",
      figure: `${perRequest}: throughput, client with retry() (ratio: bare openapi-fetch / client)`,
      measured: `${formatRate(client.perSecond)} (client)`,
      baseline: `${formatRate(bare.perSecond)} (bare openapi-fetch)`,
      ratio: ratio(bare.perSecond, client.perSecond),
      goal: {
        direction: "max",
        value: WITHIN_OPENAPI_FETCH,
        text: `≤ ${WITHIN_OPENAPI_FETCH.toFixed(2)}x`,
      },
    }),
    judged({
      id: "3b",
      figure: `${perRequest}: p50 latency`,
      measured: formatMs(client.p50Ms),
      baseline: `${formatMs(bare.p50Ms)} (bare openapi-fetch)`,
      ratio: ratio(client.p50Ms, bare.p50Ms),
    }),
    judged({
      id: "3c",
      figure: `${perRequest}: p99 latency`,
      measured: formatMs(client.p99Ms),
      baseline: `${formatMs(bare.p99Ms)} (bare openapi-fetch)`,
      ratio: ratio(client.p99Ms, bare.p99Ms),
    }),
    judged({
      id: "3g",
      figure: `${perRequest}: throughput, bare openapi-fetch against raw fetch (ratio: raw / openapi-fetch)`,
      measured: `${formatRate(bare.perSecond)} (bare openapi-fetch)`,
      baseline: `${formatRate(raw.perSecond)} (raw fetch)`,
      ratio: ratio(raw.perSecond, bare.perSecond),
    }),
    judged({
      id: "3d",
      figure: `paginate ${(size.pages * 100).toLocaleString("en-US")} artifacts (${size.pages} pages): time`,
      measured: `${formatMs(clientPages.medianMs)} (paginate)`,
      baseline: `${formatMs(rawPages.medianMs)} (raw fetch loop)`,
      ratio: ratio(clientPages.medianMs, rawPages.medianMs),
      goal: within,
    }),
    judged({
      id: "3e",
      figure: `paginate ${size.pages} pages: peak heap (sampled)`,
      measured: formatMiB(at(heap, "client", size.pages)?.peakHeapBytes ?? NaN),
      baseline: formatMiB(at(heap, "raw", size.pages)?.peakHeapBytes ?? NaN),
      ratio: ratio(at(heap, "client", size.pages).peakHeapBytes, at(heap, "raw", size.pages).peakHeapBytes),
      goal: within,
    }),
    judged({
      id: "3f",
      figure: `paginate: live heap at ${size.heapPages.join(" / ")} pages (flat?)`,
      measured: `${series(live.client ?? {}, "peakHeapBytes")} (client)`,
      baseline: `${series(live.raw ?? {}, "peakHeapBytes")} (raw)`,
      ratio: retainedShare("client"),
      goal: { direction: "max", value: 0.05, text: `growth ${first}→${last} pages ≤ 0.05x of the pages read` },
    }),
  ];
  const details = [
    `3a-3c, 3g: best of ${size.repeats} interleaved runs per caller, the order turned each time, each a fresh child process; the server, the twin of @ci-artifacts/mock on 127.0.0.1 (Buildkite under /v2; rate limit off, no request log or record), runs in a child process of its own. Ratio 3a is bare openapi-fetch's throughput / the client's, so above 1 means the client is slower. The client is set up as its README shows, with retry().`,
    `Raw fetch over the same socket: ${formatRate(raw.perSecond)}, p50 ${formatMs(raw.p50Ms)}, p99 ${formatMs(raw.p99Ms)}.`,
    `CPU time of the calling process per request, lowest run: raw fetch ${formatMs(cpuLow("raw"))}, bare openapi-fetch ${formatMs(cpuLow("openapi-fetch"))}, bare openapi-fetch handing undici the client's timeout dispatcher ${formatMs(cpuLow("openapi-fetch-dispatcher"))}, the core client (no plugins) ${formatMs(cpuLow("client-core"))}, the client with retry() ${formatMs(cpuLow("client"))}.`,
    `CPU time of the server per request it received (the caller's warm-up included), lowest run: raw fetch ${formatMs(serverLow("raw"))}, bare openapi-fetch ${formatMs(serverLow("openapi-fetch"))}, the client with retry() ${formatMs(serverLow("client"))}.`,
    `Which side bound each best run (CPU per request, and the share of a core it kept busy at the rate reached, above 100% when Node's helper threads such as the garbage collector's ran beside the main one): raw fetch: ${bounds.raw?.text}; bare openapi-fetch: ${bounds["openapi-fetch"]?.text}; the client: ${bounds.client?.text}.${serverBound.length > 0 ? ` The server bound the run of ${serverBound.join(" and ")}: there, the figures are the server's pace and hide that much of the caller's overhead.` : ""}`,
    `Throughput of every run: ${Object.entries(gets)
      .map(([caller, runs]) => `${caller} ${runs.map((r) => Math.round(r.perSecond)).join(" / ")}`)
      .join("; ")}.`,
    `3d: median of ${size.pageRuns} runs in one child per caller, after a warm-up read of 5 pages. Runs: raw ${rawPages.runs.map(formatMs).join(", ")}; raw behind an item-by-item async generator ${generatorPages.runs.map(formatMs).join(", ")}; client ${clientPages.runs.map(formatMs).join(", ")}. Lowest CPU per read: raw ${formatMs(rawPages.cpuMs)}, raw behind a generator ${formatMs(generatorPages.cpuMs)}, client ${formatMs(clientPages.cpuMs)}; the server's per page of 100 it answered: ${formatMs(perPage(rawPages))} (raw), ${formatMs(perPage(clientPages))} (client), so about ${formatMs(perPage(clientPages) * size.pages)} of each read's time is the server's, the same for both.`,
    `3e: peak heapUsed over the heap in use before the read, sampled on every item and every millisecond, at ${size.heapPages.join(" / ")} pages: client ${series(heap.client ?? {}, "peakHeapBytes", formatMiB)}, raw ${series(heap.raw ?? {}, "peakHeapBytes", formatMiB)}. Its growth with pages is V8 sizing the young generation to the allocation rate, for both callers alike; 3f is the heap actually held.`,
    `3f: heapUsed after a forced full collection at the first item of every page (the reader then holds one page), highest over the read, one child per figure, after a 20-page warm-up so compiled code is not counted. One parsed page weighs ${formatBytes(page.bytes)} of heap (${formatBytes(page.jsonBytes)} of JSON). Ratio: live heap gained from ${first} to ${last} pages over the heap those ${last - first} extra pages took (0 = flat, 1 = every item kept); raw fetch's own: ${formatRatio(retainedShare("raw"))}. Heap left after the read: client ${series(live.client ?? {}, "retainedBytes")}, raw ${series(live.raw ?? {}, "retainedBytes")}.`,
  ];
  const overTheWire = `Why: over the socket the calling process spends ${formatMs(cpuLow("client"))} of CPU per request with the client and ${formatMs(cpuLow("openapi-fetch"))} with bare openapi-fetch (the core client alone ${formatMs(cpuLow("client-core"))}, and openapi-fetch handing undici the timeout dispatcher ${formatMs(cpuLow("openapi-fetch-dispatcher"))}); the server, on a core of its own, spends ${formatMs(serverLow("client"))} per request. ${
    serverBound.length > 0
      ? `The server bound the run of ${serverBound.join(" and ")}, so the ratio is partly the server's pace, not the client's overhead alone.`
      : "The caller's CPU bounds throughput, and on a shared machine the runs spread wider than that gap: compare the throughput of every run in the details."
  }`;
  /** @type {Record<string, string>} */
  const notes = { "3a": overTheWire };
  const gap = Math.max(0, clientPages.cpuMs - rawPages.cpuMs);
  const perItem = Math.min(gap, Math.max(0, generatorPages.cpuMs - rawPages.cpuMs));
  notes["3d"] =
    `Why: reading ${size.pages} pages costs the client ${formatMs(clientPages.cpuMs)} of CPU against ${formatMs(rawPages.cpuMs)} for the raw loop. The same raw loop behind an async generator that hands out one item at a time costs ${formatMs(generatorPages.cpuMs)}: about ${formatMs(perItem)} of the ${formatMs(gap)} gap is handing out ${(size.pages * PER_PAGE).toLocaleString("en-US")} items one promise at a time (paginate's iterator is written by hand to keep that to one resolved promise each; pages() hands out arrays), the rest, about ${formatMs(Math.max(0, gap - perItem))}, is the pipeline's per-page work.`;
  notes["3e"] =
    "Why: the sampled peak follows V8's young generation, which grows with the allocation rate; the client allocates more per page (see 3d), so its sawtooth is taller. 3f, the heap actually held, is the figure that says whether pages accumulate. What would close it: allocating less per request (2a).";
  notes["3f"] =
    `Why: the live heap grows with pages for raw fetch too (${formatRatio(retainedShare("raw"))} of the pages read), so part of the growth is Node's own (undici's connection state, compiled code) rather than the reader's. What would close it: read the growth per page for both callers over more pages; a client that kept items would show about 1x.`;
  return { rows, details, notes, raw: { gets, pages, heap, live } };
}
