// @ts-check
// Every measurement runs in a process of its own, so one run's heap, JIT state and open sockets
// cannot colour the next one.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

/**
 * Runs `node [nodeArgs] script [args]` and returns the JSON object the script printed as its
 * last stdout line. A child that fails or prints no JSON is an error naming the script.
 * @param {string} script
 * @param {string[]} args
 * @param {{ nodeArgs?: string[], env?: Record<string, string>, timeoutMs?: number }} [options]
 * @returns {Promise<any>}
 */
export async function runNode(script, args, options = {}) {
  const name = `${path.basename(script)} ${args.join(" ")}`;
  let result;
  for (let attempt = 1; ; attempt++) {
    result = await spawnCollect(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
      env: { ...process.env, ...options.env },
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    // A build elsewhere in the checkout (a teammate's, or item 4's) empties a dist/ folder for a
    // moment: a module missing then is waited out, not reported as the benchmark's failure.
    if (result.code === 0 || !/MODULE_NOT_FOUND/.test(result.stderr) || attempt === 10) break;
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  const { code, stdout, stderr } = result;
  if (code !== 0) throw new Error(`${name}: exited with ${code}\n${tail(stderr)}`);
  const last = stdout.trimEnd().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`${name}: its last stdout line is not JSON: ${JSON.stringify(last.slice(0, 200))}`);
  }
}

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, wallMs: number }} Collected
 */

/**
 * Output goes to files, not pipes: a tool that writes a large report and calls process.exit()
 * at once (openapi-examples-validator does) loses whatever a pipe had not taken yet.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs?: number, onSpawn?: (pid: number) => void }} options
 * @returns {Promise<Collected>}
 */
export function spawnCollect(command, args, options) {
  const dir = mkdtempSync(path.join(tmpdir(), "ci-artifacts-bench-out-"));
  const outFile = path.join(dir, "stdout");
  const errFile = path.join(dir, "stderr");
  const out = openSync(outFile, "w");
  const err = openSync(errFile, "w");
  const collect = () => {
    const stdout = readFileSync(outFile, "utf8");
    const stderr = readFileSync(errFile, "utf8");
    rmSync(dir, { recursive: true, force: true });
    return { stdout, stderr };
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", out, err],
    });
    closeSync(out);
    closeSync(err);
    // A benchmark that hangs must not hold the whole run: it is ended and reported.
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 600_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      collect();
      reject(new Error(`${command}: ${error.message}`));
    });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ...collect(), wallMs: performance.now() - started });
    });
  });
}

const GNU_TIME = "/usr/bin/time";

/**
 * Wall time and peak resident set size of a command. Peak RSS comes from GNU time's
 * "Maximum resident set size" (getrusage of the waited-for child) when /usr/bin/time exists,
 * else from polling VmHWM in /proc/PID/status, which misses only a peak shorter than the poll.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs?: number }} [options]
 * @returns {Promise<Collected & { peakRssBytes: number | undefined, rssSource: string }>}
 */
export async function measureCommand(command, args, options = {}) {
  if (existsSync(GNU_TIME)) {
    const dir = mkdtempSync(path.join(tmpdir(), "ci-artifacts-bench-time-"));
    const report = path.join(dir, "time.txt");
    try {
      const collected = await spawnCollect(GNU_TIME, ["-v", "-o", report, command, ...args], options);
      const text = existsSync(report) ? readFileSync(report, "utf8") : "";
      return { ...collected, peakRssBytes: parseGnuTimeRss(text), rssSource: "GNU time -v" };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let peakKb = 0;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let poll;
  const collected = await spawnCollect(command, args, {
    ...options,
    onSpawn(pid) {
      poll = setInterval(() => {
        try {
          const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
          if (match) peakKb = Math.max(peakKb, Number(match[1]));
        } catch {
          // the process has ended between two polls
        }
      }, 10);
    },
  });
  clearInterval(poll);
  return {
    ...collected,
    peakRssBytes: peakKb ? peakKb * 1024 : undefined,
    rssSource: "/proc VmHWM polled every 10 ms",
  };
}

/** @param {string} text the report of `/usr/bin/time -v` */
export function parseGnuTimeRss(text) {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** @param {string} text */
function tail(text) {
  return text.trimEnd().split("\n").slice(-15).join("\n");
}
