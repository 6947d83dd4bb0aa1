/**
 * Stoplight Prism on a description, as an independent second reading of it: the twin of
 * `@ci-artifacts/mock` is compared with it (which requests each accepts), and benchmarked
 * against it. Prism runs in a child process that ends with the process that started it, even
 * when that one is killed outright.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

export interface PrismOptions {
  /** 0 (the default) takes a free port. */
  port?: number;
  /** Each line Prism logs, without colours. */
  onLog?: (line: string) => void;
  /** How long Prism may take to start listening. Default 120_000. */
  startTimeoutMs?: number;
}

export interface Prism {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pid: number;
  /** Settles when Prism's process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  close(): Promise<void>;
}

const LISTENING = /Prism is listening on (\S+)/;
const running = new Set<ChildProcess>();
let exitHook = false;

/** Starts `prism mock <description>` on 127.0.0.1 and resolves once it listens. */
export function startPrism(description: string, options: PrismOptions = {}): Promise<Prism> {
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL("./prism-process.js", import.meta.url)),
      "mock",
      description,
      "--host",
      "127.0.0.1",
      "--port",
      String(options.port ?? 0),
      // Multiprocess mode would fork once more, out of reach of the parent watch in prism-process.
      "--multiprocess=false",
      "--dynamic=false",
    ],
    // stdin stays open as the lifeline that prism-process watches.
    { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } },
  );
  running.add(child);
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      for (const started of running) started.kill("SIGKILL");
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  void exited.then(() => running.delete(child));
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  let last: string | undefined;
  return new Promise<Prism>((resolve, reject) => {
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`Prism did not start on ${description}: ${message}${last === undefined ? "" : `: ${last}`}`));
    };
    const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
    timer.unref();
    const onLine = (raw: string) => {
      const line = stripVTControlCharacters(raw).trimEnd();
      if (line === "") return;
      last = line;
      options.onLog?.(line);
      const listening = LISTENING.exec(line);
      if (listening && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({
          url: (listening[1] as string).replace(/\/$/, ""),
          pid: child.pid as number,
          exited,
          close: async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill("SIGTERM");
            const grace = setTimeout(() => child.kill("SIGKILL"), 5_000);
            grace.unref();
            await exited;
            clearTimeout(grace);
          },
        });
      }
    };
    lines(child.stdout, onLine);
    lines(child.stderr, onLine);
    child.once("error", (error) => fail(error.message));
    child.once("close", (code, signal) => fail(`Prism exited (${signal ?? `code ${code}`}) before listening`));
  });
}

function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) onLine(part);
  });
  stream.on("end", () => {
    if (buffered !== "") onLine(buffered);
  });
}
