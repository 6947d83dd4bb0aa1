// @ts-check
// Item 2, one caller per child process: one GET with path parameters and a bearer token, through three
// callers that share one stubbed fetch. The stub answers on the next tick, as in openapi-fetch's
// own benchmark (test/bench in the openapi-ts repository), so the figure is the callers' own cost.
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { ARTIFACT, ARTIFACT_PATH, artifactParams, artifactUrl, TOKEN } from "./fixture.mjs";

const BASE = "https://api.buildkite.com/v2";
const BODY = JSON.stringify(ARTIFACT);
const HEADERS = { "content-type": "application/json" };

/** @param {Request} request */
function stubFetch(request) {
  if (request.headers.get("authorization") !== `Bearer ${TOKEN}`) throw new Error(`no token on ${request.url}`);
  return new Promise((resolve) => {
    process.nextTick(() => resolve(new Response(BODY, { status: 200, headers: HEADERS })));
  });
}

/** @type {import("openapi-fetch").Client<import("@ci-artifacts/client/buildkite").BuildkitePaths>} */
const bare = createClient({ baseUrl: BASE, fetch: stubFetch, headers: { authorization: `Bearer ${TOKEN}` } });
const client = createBuildkiteClient({ baseUrl: BASE, token: TOKEN, fetch: stubFetch });
// The same client with its per-attempt timer and retry loop turned off: what the wrapper alone costs.
const plain = createBuildkiteClient({
  baseUrl: BASE,
  token: TOKEN,
  fetch: stubFetch,
  retry: false,
  timeoutMs: Infinity,
});

/** @type {Record<string, () => Promise<unknown>>} */
export const callers = {
  "hand-written fetch": async () => {
    const response = await stubFetch(
      new Request(artifactUrl(BASE, 1), { headers: { authorization: `Bearer ${TOKEN}` } }),
    );
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  },
  "bare openapi-fetch": async () => {
    const { data, error } = await bare.GET(ARTIFACT_PATH, { params: { path: artifactParams(1) } });
    if (error) throw new Error("error answer");
    return data;
  },
  "@ci-artifacts/client": async () => {
    const { data, error } = await client.GET(ARTIFACT_PATH, { params: { path: artifactParams(1) } });
    if (error) throw new Error("error answer");
    return data;
  },
  "client, retry off, no timeout": async () => {
    const { data, error } = await plain.GET(ARTIFACT_PATH, { params: { path: artifactParams(1) } });
    if (error) throw new Error("error answer");
    return data;
  },
};

// Openapi-fetch with one more of the transport's steps at a time, rebuilt here by hand, so the
// client's gap to openapi-fetch can be split into its parts in the same run.
/** @param {Request} request */
const copyWithSignal = (request) =>
  new Request(request.url, {
    method: request.method,
    headers: new Headers(request.headers),
    signal: new AbortController().signal,
  });
/** @param {(request: Request) => Promise<Response>} fetch */
const withFetch = (fetch) => {
  /** @type {import("openapi-fetch").Client<import("@ci-artifacts/client/buildkite").BuildkitePaths>} */
  const built = createClient({ baseUrl: BASE, fetch, headers: { authorization: `Bearer ${TOKEN}` } });
  return built;
};
/** @param {Request} request */
const timed = async (request, /** @type {(response: Response) => Promise<Response>} */ then) => {
  const forward = () => undefined;
  request.signal.addEventListener("abort", forward, { once: true });
  const timer = setTimeout(forward, 30_000);
  try {
    return await then(await stubFetch(copyWithSignal(request)));
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener("abort", forward);
  }
};
const steps = {
  "step 1: + a middleware per call": { client: bare, middleware: true },
  "step 2: + a copied Request with its own signal": {
    client: withFetch((request) => stubFetch(copyWithSignal(request))),
    middleware: true,
  },
  "step 3: + a timer and an abort listener": {
    client: withFetch((request) => timed(request, async (response) => response)),
    middleware: true,
  },
  "step 4: + body buffered into a new Response": {
    client: withFetch((request) =>
      timed(request, async (response) => {
        const bytes = await response.arrayBuffer();
        const headers = new Headers(response.headers);
        headers.set("content-length", String(bytes.byteLength));
        return new Response(bytes, { status: response.status, statusText: response.statusText, headers });
      }),
    ),
    middleware: true,
  },
};
for (const [name, step] of Object.entries(steps)) {
  callers[name] = async () => {
    const { data, error } = await step.client.GET(ARTIFACT_PATH, {
      params: { path: artifactParams(1) },
      ...(step.middleware ? { middleware: [{ onResponse: () => undefined }] } : {}),
    });
    if (error) throw new Error("error answer");
    return data;
  };
}

// Each caller must return the artifact before its speed means anything.
for (const [name, call] of Object.entries(callers)) {
  const data = /** @type {{ id?: unknown }} */ (await call());
  if (data?.id !== ARTIFACT.id) throw new Error(`${name} did not return the artifact`);
}

// One caller per process (argv: caller, tinybench time in ms, calls for the CPU figure), so one
// caller's garbage and FinalizationRegistry entries do not slow the next one's collections.
const name = process.argv[2] ?? "";
const call = callers[name];
if (!call) throw new Error(`unknown caller ${JSON.stringify(name)}; callers: ${Object.keys(callers).join(", ")}`);
const timeMs = Number(process.argv[3] ?? 500);
const cpuCalls = Number(process.argv[4] ?? 3000);
const bench = new Bench({ time: timeMs, warmupTime: 200, throws: true });
bench.add(name, call);
await bench.run();
const result = bench.tasks[0]?.result;
if (result?.state !== "completed") throw new Error(`${name}: ${result?.state ?? "no result"}`);
const cpu = process.cpuUsage();
for (let i = 0; i < cpuCalls; i++) await call();
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({ medianLatencyMs: result.latency.p50, cpuMsPerOp: (used.user + used.system) / 1000 / cpuCalls }),
);
