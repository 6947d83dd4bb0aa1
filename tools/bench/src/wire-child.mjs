// @ts-check
// Item 3, run in a child process against the twin in another:
//   get <caller> <origin> <count> <concurrency>   many single GETs, latency of each
//   paginate <caller> <origin> <pages> <runs>     time to read every artifact of a build
//   heap <caller> <origin> <pages>                peak heap while doing so, sampled (needs --expose-gc)
//   live <caller> <origin> <pages>                heap still live at each page boundary (needs --expose-gc)
//   page-weight <caller> <origin>                 heap taken by one parsed page (needs --expose-gc)
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { paginate } from "@ci-artifacts/client/paginate";
import { retry } from "@ci-artifacts/client/retry";
import createClient from "openapi-fetch";
import { ARTIFACT_PATH, artifactParams, artifactUrl, LIST_PATH, ORG, PER_PAGE, PIPELINE, TOKEN } from "./fixture.mjs";
import { median, percentile } from "./stats.mjs";

const [mode, caller, origin, a, b] = process.argv.slice(2);
if (!mode || !caller || !origin) throw new Error("usage: wire-child.mjs get|paginate|heap CALLER ORIGIN ...");
const base = `${origin}/v2`;
const auth = { authorization: `Bearer ${TOKEN}` };

/** @type {Record<string, (build: number) => Promise<unknown>>} */
const getters = {
  raw: async (build) => {
    const response = await fetch(artifactUrl(base, build), { headers: auth });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  },
  "openapi-fetch": (() => {
    /** @type {import("openapi-fetch").Client<import("@ci-artifacts/client/buildkite").BuildkitePaths>} */
    const bare = createClient({ baseUrl: base, headers: auth });
    return async (/** @type {number} */ build) => {
      const { data, error } = await bare.GET(ARTIFACT_PATH, { params: { path: artifactParams(build) } });
      if (error) throw new Error("error answer");
      return data;
    };
  })(),
  // The client as the README sets it up: with retry() (timeouts, retries, pacing).
  client: (() => {
    const client = createBuildkiteClient({ baseUrl: base, token: TOKEN, plugins: [retry()] });
    return async (/** @type {number} */ build) => {
      const { data, error } = await client.GET(ARTIFACT_PATH, { params: { path: artifactParams(build) } });
      if (error) throw new Error("error answer");
      return data;
    };
  })(),
};

// Diagnostics, not reported: the core client alone, and bare openapi-fetch handing undici a dispatcher.
getters["client-core"] = (() => {
  const client = createBuildkiteClient({ baseUrl: base, token: TOKEN });
  return async (/** @type {number} */ build) => {
    const { data, error } = await client.GET(ARTIFACT_PATH, { params: { path: artifactParams(build) } });
    if (error) throw new Error("error answer");
    return data;
  };
})();
getters["openapi-fetch-dispatcher"] = (() => {
  const K = Symbol.for("undici.globalDispatcher.1");
  const dispatcher = {
    dispatch: (/** @type {any} */ o, /** @type {any} */ h) =>
      /** @type {any} */ (globalThis)[K].dispatch(Object.assign(o, { headersTimeout: 30000, bodyTimeout: 30000 }), h),
  };
  /** @type {import("openapi-fetch").Client<import("@ci-artifacts/client/buildkite").BuildkitePaths>} */
  const bare = createClient({ baseUrl: base, headers: auth, requestInitExt: { dispatcher } });
  return async (/** @type {number} */ build) => {
    const { data, error } = await bare.GET(ARTIFACT_PATH, { params: { path: artifactParams(build) } });
    if (error) throw new Error("error answer");
    return data;
  };
})();

/**
 * Every artifact of a build, calling `see` on each; returns how many there were.
 * @type {Record<string, (pages: number, see: (item: any) => void) => Promise<number>>}
 */
const readers = {
  // What an app without a client writes: follow rel="next" until there is none.
  raw: async (pages, see) => {
    let url = `${base}/organizations/${ORG}/pipelines/${PIPELINE}/builds/${pages}/artifacts?per_page=${PER_PAGE}`;
    let count = 0;
    for (;;) {
      const response = await fetch(url, { headers: auth });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const items = /** @type {unknown[]} */ (await response.json());
      for (const item of items) {
        see(item);
        count++;
      }
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "");
      if (!next?.[1]) return count;
      url = next[1];
    }
  },
  // The raw loop behind an async generator that hands out one item at a time, as paginate does:
  // splits the client's gap into per-request and per-item cost.
  "raw-generator": async (pages, see) => {
    const signal = new AbortController().signal;
    async function* items() {
      let url = `${base}/organizations/${ORG}/pipelines/${PIPELINE}/builds/${pages}/artifacts?per_page=${PER_PAGE}`;
      for (;;) {
        const response = await fetch(url, { headers: auth });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const page = /** @type {unknown[]} */ (await response.json());
        for (const item of page) {
          signal.throwIfAborted();
          yield item;
        }
        const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "");
        if (!next?.[1]) return;
        url = next[1];
      }
    }
    let count = 0;
    for await (const item of items()) {
      see(item);
      count++;
    }
    return count;
  },
  client: async (pages, see) => {
    const client = createBuildkiteClient({ baseUrl: base, token: TOKEN, plugins: [retry()] });
    let count = 0;
    for await (const item of paginate(client, LIST_PATH, {
      params: { path: { org_slug: ORG, pipeline_slug: PIPELINE, build_number: pages } },
    })) {
      see(item);
      count++;
    }
    return count;
  },
};

let checksum = 0;
/** Touches every item, so no work is skipped. @param {{ file_size?: number }} item */
const see = (item) => {
  checksum += item.file_size ?? 0;
};

if (mode === "get") {
  const get = getters[caller];
  if (!get) throw new Error(`unknown caller ${caller}`);
  const count = Number(a);
  const concurrency = Number(b);
  for (let i = 0; i < 500; i++) await get(1);
  const latencies = new Float64Array(count);
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await get(1);
        latencies[i] = performance.now() - t;
      }
    }),
  );
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      count,
      wallMs,
      perSecond: (count / wallMs) * 1000,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      cpuMs: (used.user + used.system) / 1000,
    }),
  );
} else if (mode === "paginate") {
  const read = readers[caller];
  if (!read) throw new Error(`unknown caller ${caller}`);
  const pages = Number(a);
  const runs = Number(b);
  await read(5, see);
  const times = [];
  const cpuTimes = [];
  let items = 0;
  for (let run = 0; run < runs; run++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    items = await read(pages, see);
    times.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  if (items !== pages * PER_PAGE) throw new Error(`read ${items} artifacts, expected ${pages * PER_PAGE}`);
  // CPU: the lowest run, as contention only adds to it.
  console.log(JSON.stringify({ pages, items, runs: times, medianMs: median(times), cpuMs: Math.min(...cpuTimes) }));
} else if (mode === "heap" || mode === "live") {
  const read = readers[caller];
  if (!read) throw new Error(`unknown caller ${caller}`);
  const gc = globalThis.gc;
  if (!gc) throw new Error(`${mode} mode needs node --expose-gc`);
  const pages = Number(a);
  // Warm up on another build until the JIT has settled, so compiled code is not counted as heap
  // that grows with pages.
  await read(Number(b ?? 20), see);
  gc();
  const baseHeap = process.memoryUsage().heapUsed;
  let peak = baseHeap;
  const sample = () => {
    const used = process.memoryUsage().heapUsed;
    if (used > peak) peak = used;
  };
  let seen = 0;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  /** @type {(item: any) => void} */
  let onItem;
  if (mode === "heap") {
    // Sampled on every item and on a timer, so the top of each sawtooth between collections is seen.
    timer = setInterval(sample, 1);
    onItem = (item) => {
      see(item);
      sample();
    };
  } else {
    // At the first item of each page the reader holds exactly one page: collect, then weigh what is left.
    onItem = (item) => {
      see(item);
      if (seen++ % PER_PAGE === 0) {
        gc();
        sample();
      }
    };
  }
  const items = await read(pages, onItem);
  clearInterval(timer);
  if (mode === "heap") sample();
  gc();
  const retained = process.memoryUsage().heapUsed - baseHeap;
  if (items !== pages * PER_PAGE) throw new Error(`read ${items} artifacts, expected ${pages * PER_PAGE}`);
  console.log(
    JSON.stringify({ pages, items, baseHeapBytes: baseHeap, peakHeapBytes: peak - baseHeap, retainedBytes: retained }),
  );
} else if (mode === "page-weight") {
  // What holding one parsed page of the twin's costs the heap: the yardstick for "flat as pages
  // grow". Many copies are held at once, so a collection's own noise is shared among them.
  const gc = globalThis.gc;
  if (!gc) throw new Error("page-weight mode needs node --expose-gc");
  const response = await fetch(
    `${base}/organizations/${ORG}/pipelines/${PIPELINE}/builds/1/artifacts?per_page=${PER_PAGE}`,
    {
      headers: auth,
    },
  );
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = await response.text();
  const copies = 50;
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = Array.from({ length: copies }, () => JSON.parse(body));
  gc();
  const bytes = (process.memoryUsage().heapUsed - before) / copies;
  if (!(bytes > 0)) throw new Error(`page-weight: ${copies} parsed pages weighed ${bytes} bytes each`);
  console.log(JSON.stringify({ bytes, items: held[0].length, jsonBytes: Buffer.byteLength(body) }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
if (checksum < 0) console.error("unreachable: keeps the checksum live");
