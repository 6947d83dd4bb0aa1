// @ts-check
// Item 7, run in a child process: `node twin-child.mjs <url> <token> <count> <concurrency>` sends
// `count` GETs of one URL at `concurrency` over keep-alive connections and prints the requests per
// second it got answered, with their statuses and the connection errors it met (each such request
// is sent again, so the rate counts answers only). It uses node:http rather than fetch: fetch
// costs the caller several times the CPU per request, and on two cores the caller then measures
// itself rather than the server.
import { Agent, request } from "node:http";
import { percentile } from "./stats.mjs";

const [url, token, a, b] = process.argv.slice(2);
if (!url || !token || !a || !b) throw new Error("usage: twin-child.mjs URL TOKEN COUNT CONCURRENCY");
const count = Number(a);
const concurrency = Number(b);
const headers = { authorization: `Bearer ${token}` };
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

/** @returns {Promise<{ status: number, bytes: number }>} */
const once = () =>
  new Promise((resolve, reject) => {
    const req = request(target, { agent, headers }, (response) => {
      let bytes = 0;
      response.on("data", (chunk) => {
        bytes += chunk.length;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });

/** @type {Record<number, number>} */
const statuses = {};
let bytes = 0;
let errors = 0;
/** One GET; a connection the server reset (Prism drops keep-alive sockets now and then) is counted and asked again. */
const get = async () => {
  for (;;) {
    try {
      const { status, bytes: size } = await once();
      statuses[status] = (statuses[status] ?? 0) + 1;
      return size;
    } catch {
      errors++;
    }
  }
};

for (let i = 0; i < Math.min(200, count); i++) await get();
for (const key of Object.keys(statuses)) delete statuses[Number(key)];
errors = 0;
const latencies = new Float64Array(count);
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      bytes = await get();
      latencies[i] = performance.now() - t;
    }
  }),
);
const wallMs = performance.now() - started;
agent.destroy();
console.log(
  JSON.stringify({
    count,
    wallMs,
    perSecond: (count / wallMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statuses,
    errors,
    bytes,
  }),
);
