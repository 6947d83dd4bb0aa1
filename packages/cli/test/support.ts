// The command as a user runs it: the built dist/cli.js in a child process, with a user's
// environment (no npm_* settings of the workspace) and no token but the ones a test gives.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv } from "@ci-artifacts/test-support";

export const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the package first (pnpm run build)`);
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to the command's stdin, which is then closed. */
  input?: string;
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a run: the user's, less any token of the machine, plus the test's. */
export function userEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv();
  delete env.BUILDKITE_API_TOKEN;
  delete env.BUDDY_TOKEN;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function start(args: readonly string[], options: RunOptions = {}): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: userEnv(options.env),
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdin?.end(options.input ?? "");
  const done = new Promise<Ran>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function run(args: readonly string[], options: RunOptions = {}): Promise<Ran> {
  return start(args, options).done;
}

/** A scratch folder, removed by the returned function. */
export async function scratch(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "ci-artifacts-cli-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Every file below `dir`, as paths relative to it with forward slashes, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/"))
    .sort();
}

/** A POSIX shell word: the text in single quotes. */
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

export interface InTerminal {
  /** Resolves once the terminal shows `text`, with all it showed so far. */
  waitFor(text: string): Promise<string>;
  /** Types on the terminal's keyboard. */
  type(text: string): void;
  done: Promise<Ran>;
}

/**
 * The command on a real terminal: util-linux `script` gives it a pseudo-terminal for stdin,
 * stdout and stderr, as a person's shell does. What it shows comes back on one stream.
 */
export function inTerminal(args: readonly string[], options: RunOptions = {}): InTerminal {
  const command = [process.execPath, CLI, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qec", command, "/dev/null"], {
    env: userEnv(options.env),
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let shown = "";
  const waiting: { text: string; resolve: (all: string) => void }[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    shown += chunk;
    for (const wait of waiting.filter((w) => shown.includes(w.text))) {
      waiting.splice(waiting.indexOf(wait), 1);
      wait.resolve(shown);
    }
  });
  const done = new Promise<Ran>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      for (const wait of waiting) wait.resolve(shown);
      resolve({ code, signal, stdout: shown, stderr: "" });
    });
  });
  return {
    waitFor: (text) =>
      shown.includes(text) ? Promise.resolve(shown) : new Promise((resolve) => waiting.push({ text, resolve })),
    type: (text) => child.stdin.write(text),
    done,
  };
}
