import { Worker } from "node:worker_threads";
import { type Fault, faultKind } from "@ci-artifacts/mock";
import {
  emptyErrorBody,
  heldBy,
  htmlErrorPage,
  malformedJson,
  noHeaders,
  rateLimitNow,
  redirectToPeer,
  resetBeforeHeaders,
  resetMidBody,
  stalledBody,
  unauthorized,
  unavailable,
} from "./faults.js";
import { loadPlan } from "./plan.js";
import { startTwins } from "./twins.js";

/** How the client must treat a fault: retry it for every method, for GET/HEAD/DELETE only, or never. */
export type Retried = "always" | "idempotent" | "never";

const entry = (fault: Fault, retried: Retried, ends: string) => ({ fault, kind: faultKind(fault), retried, ends });

/** The faults of the load run, with what the client must do about each and how a call ends on it. */
export const LOAD_FAULTS: readonly { fault: Fault; kind: string; retried: Retried; ends: string }[] = [
  entry(rateLimitNow(), "always", "error 429"),
  entry(unavailable(), "idempotent", "error 503"),
  entry(resetBeforeHeaders(), "idempotent", "NetworkError"),
  entry(resetMidBody(), "idempotent", "NetworkError"),
  entry(noHeaders(), "idempotent", "TimeoutError"),
  entry(stalledBody(), "idempotent", "TimeoutError"),
  entry(malformedJson(), "never", "ResponseError invalid-json"),
  entry(htmlErrorPage(500), "never", "error 500"),
  entry(emptyErrorBody(500), "never", "error 500"),
  entry(redirectToPeer(), "never", "error 302"),
  entry(unauthorized(), "never", "error 401"),
];

export interface LoadOptions {
  seed: number;
  /** Calls in the plan; a request's X-Request-Id is its call's number. */
  calls: number;
  /** Attempts a call can make (retries + 1). */
  attempts: number;
  /** The share of attempts that meet a fault. */
  rate: number;
  token: string;
}

export interface LoadReport {
  /** Requests received, by the APIs' servers and by the storage servers. */
  received: number;
  otherReceived: number;
  /** Faults injected, by kind. */
  injected: Record<string, number>;
  /** POST or PATCH requests that came again after anything but a 429 (never reset). */
  resentWrites: number;
}

export interface LoadServers {
  urls: { buildkite: string; buddy: string };
  report(): Promise<LoadReport>;
  /** Forgets what was received and injected so far (after a warm-up). */
  resetCounts(): Promise<void>;
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

/** Call i updates Buddy artifact i when i % 10 is 7 (see the load test's mix): those exist. */
const updated = (calls: number) =>
  Array.from({ length: Math.ceil(calls / 10) }, (_, k) => k * 10 + 7).filter((i) => i < calls);

/** Told the call (its X-Request-Id) whose request a server now holds, unanswered or mid-body: only a timeout ends it. */
export type OnHeld = (call: number) => void;

/**
 * The twins of the load run. Which fault a request meets is looked up in the seeded plan by its
 * X-Request-Id and the attempt it is, so the run does not depend on the order requests arrive in.
 */
export async function startLoadServers(options: LoadOptions, onHeld: OnHeld = () => {}): Promise<LoadServers> {
  const plan = loadPlan({ ...options, kinds: LOAD_FAULTS.length });
  const attempts = new Uint8Array(options.calls);
  const lastFault = new Int8Array(options.calls).fill(-1);
  let resentWrites = 0;
  const twins = await startTwins({
    token: options.token,
    artifacts: options.calls,
    updates: updated(options.calls),
    record: false,
    fault: (request) => {
      if (request.listener !== "api") return undefined;
      const id = Number(request.headers["x-request-id"]);
      if (!(id >= 0 && id < options.calls))
        throw new Error(`X-Request-Id ${String(request.headers["x-request-id"])} is not a call of the plan`);
      const attempt = ++attempts[id]!;
      const write = request.method === "POST" || request.method === "PATCH";
      if (write && attempt > 1 && !LOAD_FAULTS[lastFault[id]!]?.kind.startsWith("429")) resentWrites++;
      const k = plan.faultAt(id, attempt);
      lastFault[id] = k;
      const fault = LOAD_FAULTS[k]?.fault;
      if (heldBy(fault) !== undefined) onHeld(id);
      return fault;
    },
  });
  const counted = () => {
    const apis = [twins.buildkite, twins.buddy];
    return {
      received: apis.reduce((sum, twin) => sum + twin.received.api, 0),
      otherReceived: apis.reduce((sum, twin) => sum + twin.received.storage, 0),
      injected: apis.map((twin) => new Map(twin.faults.injected)),
    };
  };
  let before = counted();
  return {
    urls: twins.urls,
    report: async () => {
      const now = counted();
      const injected: Record<string, number> = {};
      now.injected.forEach((map, i) => {
        for (const [kind, n] of map) injected[kind] = (injected[kind] ?? 0) + n - (before.injected[i]?.get(kind) ?? 0);
      });
      for (const kind of Object.keys(injected)) if (injected[kind] === 0) delete injected[kind];
      return {
        received: now.received - before.received,
        otherReceived: now.otherReceived - before.otherReceived,
        injected,
        resentWrites,
      };
    },
    resetCounts: async () => {
      before = counted();
    },
    dropConnections: twins.dropConnections,
    close: twins.close,
  };
}

type Operation = "report" | "resetCounts" | "dropConnections" | "close";

/**
 * startLoadServers on a worker thread running `workerFile` (the built load-worker.js), so that the
 * client under test and the servers do not queue behind each other on one event loop: sharing one,
 * some answers waited seconds behind the client's own work, and a timeout short enough to keep the
 * run quick was not safe.
 */
export async function startLoadServersInWorker(
  workerFile: URL,
  options: LoadOptions,
  onHeld: OnHeld = () => {},
): Promise<LoadServers> {
  const worker = new Worker(workerFile, { workerData: options });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the load servers' worker exited with code ${code}`)));
  worker.on("message", ({ id, result, held }: { id: number; result: unknown; held?: number }) => {
    if (held !== undefined) return onHeld(held);
    pending.get(id)?.resolve(result);
    pending.delete(id);
  });
  let next = 1;
  const answer = <T>(id: number) =>
    new Promise<T>((resolve, reject) => {
      if (failure !== undefined) reject(failure);
      else pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  const call = <T>(op: Operation): Promise<T> => {
    const id = next++;
    const promise = answer<T>(id);
    worker.postMessage({ id, op });
    return promise;
  };
  // The worker announces the twins' URLs as message 0.
  const urls = await answer<{ buildkite: string; buddy: string }>(0);
  return {
    urls,
    report: () => call<LoadReport>("report"),
    resetCounts: () => call<void>("resetCounts"),
    dropConnections: () => call<void>("dropConnections"),
    close: async () => {
      await call<void>("close");
      await worker.terminate();
    },
  };
}
