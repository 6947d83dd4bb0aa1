// @ts-check
// What the figures were measured on: ratios travel between machines, absolute numbers do not.
import { execFileSync } from "node:child_process";
import os from "node:os";

/** @returns {{ cpu: string, cores: number, memory: string, node: string, os: string, date: string, commit: string, load: string }} */
export function describeMachine() {
  const cpus = os.cpus();
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    // not a git checkout: the figure still stands, without its commit
  }
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit,
    load: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" "),
  };
}
