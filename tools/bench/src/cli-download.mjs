// @ts-check
// Item 8: `ci-artifacts buildkite download`, the command as a user runs it, downloading a build's
// files from the twin over loopback at concurrency 8, every file verified (size and SHA-1) on
// the way; against a plain fetch-and-write loop at the same concurrency that verifies nothing.
// Both are whole processes timed from spawn to exit, runs interleaved, the best of each kept.
//
// This file is also its own helpers: `node cli-download.mjs serve <files> <bytes>` is the twin
// in a process of its own (rate limit off, so both clients meet the same server), and
// `node cli-download.mjs baseline <url> <token> <out> <concurrency>` the plain loop, and
// `node cli-download.mjs client ...` the same loop on @ci-artifacts/client's downloadArtifact
// (verified, no command around it), which says how much of the difference is the client's.
import { fork } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { spawnCollect } from "./child.mjs";
import { formatMiB, formatMs, formatRatio, judged, median, ratio } from "./stats.mjs";

const SELF = fileURLToPath(import.meta.url);
const BUILD = { org_slug: "acme", pipeline_slug: "web", build_number: 42 };
const GOAL = 1.15;

/** The built command, as the package's bin names it. */
function cliPath() {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("@ci-artifacts/cli/package.json");
  const { bin } = /** @type {{ bin: Record<string, string> }} */ (require(manifest));
  return path.join(path.dirname(manifest), /** @type {string} */ (bin["ci-artifacts"]));
}

/** The twin in a child process; resolves once it listens. @param {number} files @param {number} bytes */
async function startTwinProcess(files, bytes) {
  const child = fork(SELF, ["serve", String(files), String(bytes)], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const ready = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`item 8: the twin exited with ${code} before listening`)));
  });
  const { url, token } = /** @type {{ url: string, token: string }} */ (ready);
  return {
    url,
    token,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** @param {string} dir */
async function countFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

/**
 * @param {{ files: number, bytes: number, concurrency: number, rounds: number }} size
 */
export async function run(size) {
  const cli = cliPath();
  const twin = await startTwinProcess(size.files, size.bytes);
  const scratch = await mkdtemp(path.join(tmpdir(), "ci-artifacts-bench-cli-"));
  const env = { ...process.env, BUILDKITE_API_TOKEN: twin.token };
  /** @type {{ cli: number[], baseline: number[], client: number[] }} */
  const times = { cli: [], baseline: [], client: [] };
  try {
    /** @param {"cli" | "baseline" | "client"} who @param {string} out */
    const once = async (who, out) => {
      const args =
        who === "cli"
          ? [cli, "buildkite", "download", "acme/web/42", "--base-url", twin.url, "--out", out]
          : [SELF, who, twin.url, twin.token, out];
      const ran = await spawnCollect(process.execPath, [...args, "--concurrency", String(size.concurrency)], { env });
      if (ran.code !== 0) throw new Error(`item 8: ${who} exited with ${ran.code}\n${ran.stderr.slice(-2000)}`);
      const written = await countFiles(out);
      if (written !== size.files) throw new Error(`item 8: ${who} wrote ${written} files of ${size.files}`);
      return ran.wallMs;
    };
    // A first run of each warms the twin and the disk cache; not counted. The order turns each
    // round, so none of the three always runs right after the same other (its files just removed).
    /** @type {("cli" | "baseline" | "client")[]} */
    const order = ["cli", "baseline", "client"];
    for (let round = 0; round <= size.rounds; round++) {
      for (const who of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
        const out = path.join(scratch, `${who}-${round}`);
        const ms = await once(who, out);
        if (round > 0) times[who].push(ms);
        await rm(out, { recursive: true, force: true });
      }
    }
  } finally {
    await twin.close();
    await rm(scratch, { recursive: true, force: true });
  }
  const best = (/** @type {number[]} */ list) => Math.min(...list);
  // Each round's own ratio: load that drifts over the run moves both runs of a round alike.
  const paired = times.cli.map((ms, i) => ratio(ms, /** @type {number} */ (times.baseline[i])));
  const total = size.files * size.bytes;
  const row = judged({
    id: "8",
    figure: `\`ci-artifacts buildkite download\`: ${size.files} files of ${formatMiB(size.bytes)} from loopback at concurrency ${size.concurrency}, each verified (ratio: command / plain fetch-and-write loop)`,
    measured: `${formatMs(best(times.cli))} (command)`,
    baseline: `${formatMs(best(times.baseline))} (fetch loop)`,
    ratio: ratio(best(times.cli), best(times.baseline)),
    goal: { direction: "max", value: GOAL, text: `≤ ${GOAL}x` },
  });
  const details = [
    `The twin of @ci-artifacts/mock in a process of its own on 127.0.0.1 (rate limit off, so both clients meet the same server), serving build acme/web/42 with ${size.files} artifacts of ${formatMiB(size.bytes)} each (${formatMiB(total)}), files on its own storage origin as Buildkite's are.`,
    `The command: the built \`ci-artifacts buildkite download --concurrency ${size.concurrency}\` as a user runs it, in a fresh process per run into an empty folder: it lists the build (${Math.ceil(size.files / 100)} page${size.files > 100 ? "s" : ""}), then per file asks the API for the download (302) and streams the file to a .part file while checking its size and SHA-1, and renames it. The baseline, also a fresh process per run: the same list pages and the same two requests per file with fetch, each body piped to its file, no check.`,
    `Where the difference is: the same loop on the client's \`downloadArtifact\` (from \`@ci-artifacts/client/node\`, every file verified, no command around it) took ${formatMs(best(times.client))} at best, ${formatRatio(ratio(best(times.client), best(times.baseline)))} the fetch loop's time; the command took ${formatRatio(ratio(best(times.cli), best(times.client)))} the time of that loop. Every run of it: ${times.client.map((ms) => formatMs(ms)).join(" / ")}.`,
    `Wall time from spawn to exit, process start included for both; ${size.rounds} interleaved rounds after one warm-up round of each, the order turned each round, the best of each kept. Every run: command ${times.cli.map((ms) => formatMs(ms)).join(" / ")}; fetch loop ${times.baseline.map((ms) => formatMs(ms)).join(" / ")}. The same runs paired by round (command / fetch loop of the same round): median ${formatRatio(median(paired))}, from ${formatRatio(Math.min(...paired))} to ${formatRatio(Math.max(...paired))}.`,
  ];
  return {
    rows: [row],
    details,
    notes: {
      8: "Why: on this 2-core machine the command (or the loop), its threads and the twin keep both cores busy, so the ratio follows CPU time. After the changes below, the command's process takes about 0.4 to 0.8 s more of it than the loop over the 300 files (perf, three runs of each at 6bf4fa8): the SHA-1 the issue asks for (0.21 to 0.22 s in OpenSSL's SHA-NI routine), V8's helper threads compiling a larger program (about 0.1 s), and run-to-run noise in the file system: each run's files are created just after the last run's were removed, and ext4 then spends 0.27 to 0.45 s per run skipping recently freed inodes in open(), on both sides, varying by more than the goal's margin. The main threads took the same time within noise (1.7 to 2.0 s against 2.0 s): the command's second request per file (the client reads the 302 itself, as a request carrying the token never follows a redirect), both requests through openapi-fetch and the pipeline, the messages to the file thread, a .part file renamed once verified and a line per file weigh about as much as the loop's streams. Already done: each body goes to a thread of its own that hashes and writes every 1 MiB batch 256 KiB at a time while those bytes are in the cache (against hashing there and writing from the main thread through libuv's pool: 0.3 s less CPU; against a whole batch hashed, then written: the kernel's copy went from 0.37 to 0.56 s to 0.05 to 0.07 s), the file opened with its first batch, a download gives up its place once its last byte is in instead of waiting for its SHA-1 behind the other downloads' batches, each call runs on a signal of its own, each folder is listed once, and the progress bars and glob matcher load only when used. Tried and not kept, in shuffled rounds against the same build: batches of 128 or 256 KiB handed over (more CPU), the thread reading each batch back from the file (more CPU), a ring of shared memory instead of moved buffers (worse), starting the thread before the listing and V8 helper pools of 1 or 2 threads (no change). Run to run the ratio moves by more than the goal's margin: a run of this item alone gave 1.03x at 6bf4fa8; the full runs before the 256 KiB groups gave 1.14x and 1.15x.",
    },
  };
}

/** The plain loop: every page of the list, then each file fetched and written, `concurrency` at a time. */
async function baseline(/** @type {string[]} */ args) {
  const [url, token, out, , concurrency] = /** @type {[string, string, string, string, string]} */ (args);
  const headers = { authorization: `Bearer ${token}` };
  /** @type {{ path: string, download_url: string }[]} */
  const artifacts = [];
  let next = `${url}/organizations/${BUILD.org_slug}/pipelines/${BUILD.pipeline_slug}/builds/${BUILD.build_number}/artifacts?per_page=100`;
  while (next) {
    const response = await fetch(next, { headers });
    artifacts.push(...(await response.json()));
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? "";
  }
  const queue = [...artifacts];
  const worker = async () => {
    for (let artifact = queue.shift(); artifact; artifact = queue.shift()) {
      const file = path.join(out, artifact.path);
      await mkdir(path.dirname(file), { recursive: true });
      const response = await fetch(artifact.download_url, { headers });
      if (!response.ok || !response.body) throw new Error(`${artifact.path}: HTTP ${response.status}`);
      await pipeline(Readable.fromWeb(/** @type {any} */ (response.body)), createWriteStream(file));
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  console.log(JSON.stringify({ files: artifacts.length }));
}

/** The client's verified download in the same loop: `client <url> <token> <out> --concurrency N`. */
async function clientLoop(/** @type {string[]} */ args) {
  const [url, token, out, , concurrency] = /** @type {[string, string, string, string, string]} */ (args);
  const { collect, createBuildkiteClient, retry } = await import("@ci-artifacts/client");
  const { downloadArtifact } = await import("@ci-artifacts/client/node");
  const client = createBuildkiteClient({ token, baseUrl: url, plugins: [retry()] });
  const list = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts";
  const queue = await collect(client, list, { params: { path: BUILD } });
  const worker = async () => {
    for (let artifact = queue.shift(); artifact; artifact = queue.shift()) {
      const file = path.join(out, artifact.path);
      await mkdir(path.dirname(file), { recursive: true });
      await downloadArtifact(client, artifact, { to: file });
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  console.log(JSON.stringify({ files: queue.length }));
}

/** The twin, for `run`: `serve <files> <bytes>`. */
async function serve(/** @type {string[]} */ args) {
  const { startTwin } = await import("@ci-artifacts/mock");
  const [files, bytes] = args.map(Number);
  const artifacts = Array.from({ length: Number(files) }, (_, i) => ({
    path: `dist/chunk-${String(i).padStart(4, "0")}.bin`,
    file_size: bytes,
  }));
  const twin = await startTwin("buildkite", {
    data: { api: "buildkite", builds: [{ ...BUILD, artifacts }] },
    rateLimit: false,
    record: false,
  });
  const stop = () => twin.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("disconnect", stop);
  process.send?.({ url: twin.url, token: twin.token });
}

if (process.argv[1] === SELF) {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === "serve") await serve(rest);
  else if (mode === "baseline") await baseline(rest);
  else if (mode === "client") await clientLoop(rest);
}
