// @ts-check
// Starts twin-server.mjs in a child process and talks to it over IPC: items 3 and 7 measure the
// twin on a core of its own, and read its CPU time and request count around each load run.
import { fork, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("twin-server.mjs", import.meta.url));

/**
 * @typedef {{ cpuMs: number, requests: number }} TwinStats
 * @typedef {{
 *   url: string,
 *   origin: string,
 *   token: string,
 *   pid: number,
 *   stats: () => Promise<TwinStats>,
 *   close: () => Promise<void>,
 * }} TwinProcess
 */

/**
 * The twin of `setup` (a name of twin-setups.mjs) in a child process; resolves once it listens.
 * @param {string} setup
 * @returns {Promise<TwinProcess>}
 */
export async function startTwinProcess(setup) {
  const child = fork(SERVER, [setup], { execArgv: [], stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  /** @type {{ url: string, origin: string, token: string }} */
  const ready = await new Promise((resolve, reject) => {
    child.once("message", (/** @type {any} */ message) => {
      if (message?.ready) resolve(message.ready);
      else reject(new Error(`twin-server.mjs ${setup}: sent ${JSON.stringify(message)} before it listened`));
    });
    exited.then((how) =>
      reject(new Error(`twin-server.mjs ${setup}: exited (${String(how)}) before it listened\n${stderr.trimEnd()}`)),
    );
  });
  return {
    ...ready,
    pid: /** @type {number} */ (child.pid),
    stats: () =>
      new Promise((resolve, reject) => {
        /** @param {any} message */
        const listen = (message) => {
          if (!message?.stats) return;
          child.off("message", listen);
          resolve(message.stats);
        };
        if (!child.connected) {
          reject(new Error(`twin-server.mjs ${setup}: has exited\n${stderr.trimEnd()}`));
          return;
        }
        child.on("message", listen);
        child.send("stats");
      }),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Clock ticks per second of /proc's CPU times. */
const TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

/** CPU time a process has used so far, user and system, in ms (Linux /proc). @param {number} pid */
export function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / TICKS) * 1000;
}
