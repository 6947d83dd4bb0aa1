import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

const require = createRequire(import.meta.url);

export const MOCK_APIS = ["buddy", "buildkite"] as const;
export type MockApi = (typeof MOCK_APIS)[number];

/** Where `ci-artifacts-mock` listens without `--port`: one port each, so both mocks can run side by side. */
export const DEFAULT_PORTS: Readonly<Record<MockApi, number>> = { buddy: 4010, buildkite: 4011 };

export interface MockOptions {
  /** 0 (the default) lets the system pick a free port; the chosen one is in `url`. */
  port?: number;
  /** Default "127.0.0.1": the mock is not reachable from other machines. */
  host?: string;
  /** Answer with data generated from the schemas instead of the named examples. */
  dynamic?: boolean;
  /** Each line Prism logs (requests, the violations it found), without colours. */
  onLog?: (line: string) => void;
  /** How long Prism may take to start listening. Default 120_000. */
  startTimeoutMs?: number;
}

export interface Mock {
  readonly api: MockApi;
  /** The root to give a client as `baseUrl`, such as `http://127.0.0.1:4011`. */
  readonly url: string;
  /** Prism's process id. */
  readonly pid: number;
  /** Settles when Prism's process has exited, whether through `close()` or not. */
  readonly exited: Promise<MockExit>;
  /** Stops Prism; resolves once its process has exited. Safe to call more than once. */
  close(): Promise<void>;
}

export interface MockExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The bundled description the mock serves, from `@ci-artifacts/openapi`. */
export function descriptionPath(api: MockApi): string {
  checkApi(api);
  return require.resolve(`@ci-artifacts/openapi/${api}.json`);
}

const LISTENING = /Prism is listening on (\S+)/;
const KILL_GRACE_MS = 5_000;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts Stoplight Prism on the bundled description of `api` and resolves once it listens.
 * Prism runs in a child process that ends with this one, even when this one is killed outright.
 */
export function startMock(api: MockApi, options: MockOptions = {}): Promise<Mock> {
  checkApi(api);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    return Promise.reject(new RangeError(`port must be an integer in 0..65535, got ${String(port)}`));
  }
  const host = options.host ?? "127.0.0.1";
  const args = [
    fileURLToPath(new URL("./prism-process.js", import.meta.url)),
    "mock",
    descriptionPath(api),
    "--host",
    host,
    "--port",
    String(port),
    // Multiprocess mode would fork once more, out of reach of the parent watch in prism-process.
    "--multiprocess=false",
    `--dynamic=${options.dynamic === true}`,
    // json-schema-faker otherwise adds made-up properties to every object it generates, which the
    // contract (closed objects) rejects.
    "--json-schema-faker-fillProperties=false",
  ];
  const child = spawn(process.execPath, args, {
    // stdin stays open as the lifeline that prism-process watches.
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  running.add(child);
  installExitHook();
  const exited = new Promise<MockExit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  exited.then(() => running.delete(child));

  let last: string | undefined;
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;

  return new Promise<Mock>((resolve, reject) => {
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      // Prism's yargs prints its usage before the error itself, so the last line is the reason.
      reject(new Error(`the ${api} mock did not start: ${message}${last === undefined ? "" : `: ${last}`}`));
    };
    const timer = setTimeout(() => fail(`Prism was not listening after ${startTimeoutMs} ms`), startTimeoutMs);
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
        const url = (listening[1] as string).replace(/\/$/, "");
        resolve({ api, url, pid: child.pid as number, exited, close: () => stop(child, exited) });
      }
    };
    readLines(child.stdout, onLine);
    readLines(child.stderr, onLine);
    child.once("error", (error) => fail(error.message));
    // "close" comes after the output has been read, so the reason is in `last`.
    child.once("close", (code, signal) => fail(`Prism exited (${signal ?? `code ${code}`}) before listening`));
  });
}

async function stop(child: ChildProcess, exited: Promise<MockExit>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const grace = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
    grace.unref();
    await exited;
    clearTimeout(grace);
  }
}

function readLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  });
  stream.on("end", () => {
    if (buffered !== "") onLine(buffered);
  });
}

/** A process that exits normally (or through process.exit) takes its mocks with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

function checkApi(api: string): asserts api is MockApi {
  if (!(MOCK_APIS as readonly string[]).includes(api)) {
    throw new TypeError(`unknown API ${JSON.stringify(api)}: expected one of ${MOCK_APIS.join(", ")}`);
  }
}
