// @ts-check
// Item 2, one caller per child process: one GET with path parameters and a bearer token, through
// callers that share one stubbed fetch. The stub answers on the next tick, as in openapi-fetch's
// own benchmark (test/bench in the openapi-ts repository), so the figure is the callers' own cost.
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { events } from "@ci-artifacts/client/events";
import { retry } from "@ci-artifacts/client/retry";
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
// What the figure is about: the client with retry(), its timeouts, retries and pacing.
const client = createBuildkiteClient({ baseUrl: BASE, token: TOKEN, fetch: stubFetch, plugins: [retry()] });
// Its parts, for the breakdown: the core alone, then with each plugin.
const core = createBuildkiteClient({ baseUrl: BASE, token: TOKEN, fetch: stubFetch });
const unpaced = createBuildkiteClient({
  baseUrl: BASE,
  token: TOKEN,
  fetch: stubFetch,
  plugins: [retry({ pacing: false })],
});
const logged = createBuildkiteClient({
  baseUrl: BASE,
  token: TOKEN,
  fetch: stubFetch,
  plugins: [retry(), events(() => undefined)],
});

/** @param {{ GET: Function }} through */
const get = (through) => async () => {
  const { data, error } = await through.GET(ARTIFACT_PATH, { params: { path: artifactParams(1) } });
  if (error) throw new Error("error answer");
  return data;
};

/** @type {Record<string, () => Promise<unknown>>} */
export const callers = {
  "hand-written fetch": async () => {
    const response = await stubFetch(
      new Request(artifactUrl(BASE, 1), { headers: { authorization: `Bearer ${TOKEN}` } }),
    );
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  },
  "bare openapi-fetch": get(bare),
  "@ci-artifacts/client": get(client),
  "client, core only": get(core),
  "client, retry() without pacing": get(unpaced),
  "client, retry() and events()": get(logged),
};

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
