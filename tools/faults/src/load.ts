import { Worker } from "node:worker_threads";
import { artifactApi, storageHost } from "./api.js";
import {
  emptyErrorBody,
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
import type { Fault } from "./server.js";
import { startFaultServer } from "./server.js";

/** How the client must treat a fault: retry it for every method, for GET/HEAD/DELETE only, or never. */
export type Retried = "always" | "idempotent" | "never";

/** The faults of the load run, with what the client must do about each and how a call ends on it. */
export const LOAD_FAULTS: readonly { fault: Fault; retried: Retried; ends: string }[] = [
  { fault: rateLimitNow(), retried: "always", ends: "error 429" },
  { fault: unavailable(), retried: "idempotent", ends: "error 503" },
  { fault: resetBeforeHeaders(), retried: "idempotent", ends: "NetworkError" },
  { fault: resetMidBody(), retried: "idempotent", ends: "NetworkError" },
  { fault: noHeaders(), retried: "idempotent", ends: "TimeoutError" },
  { fault: stalledBody(), retried: "idempotent", ends: "TimeoutError" },
  { fault: malformedJson(), retried: "never", ends: "ResponseError invalid-json" },
  { fault: htmlErrorPage(500), retried: "never", ends: "error 500" },
  { fault: emptyErrorBody(500), retried: "never", ends: "error 500" },
  { fault: redirectToPeer(), retried: "never", ends: "error 302" },
  { fault: unauthorized(), retried: "never", ends: "error 401" },
];

export interface LoadOptions {
  seed: number;
  /** Calls in the plan; a request's X-Request-Id is its call's number. */
  calls: number;
  /** Attempts a call can make (retries + 1). */
  attempts: number;
  /** The share of attempts that meet a fault. */
  rate: number;
}

export interface LoadReport {
  /** Requests received, by the API server and by the other origin. */
  received: number;
  otherReceived: number;
  /** Faults injected, by kind. */
  injected: Record<string, number>;
  /** POST or PATCH requests that came again after anything but a 429 (never reset). */
  resentWrites: number;
}

export interface LoadServers {
  origin: string;
  report(): Promise<LoadReport>;
  /** Forgets what was received and injected so far (after a warm-up). */
  resetCounts(): Promise<void>;
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API server of the load run and the other origin its redirects point at. Which fault a
 * request meets is looked up in the seeded plan by its X-Request-Id and the attempt it is, so the
 * run does not depend on the order in which requests arrive.
 */
export async function startLoadServers(options: LoadOptions): Promise<LoadServers> {
  const plan = loadPlan({ ...options, kinds: LOAD_FAULTS.length });
  const attempts = new Uint8Array(options.calls);
  const lastFault = new Int8Array(options.calls).fill(-1);
  let resentWrites = 0;
  let receivedBefore = 0;
  let otherReceivedBefore = 0;
  let apiOrigin = "";
  const other = await startFaultServer({ answer: storageHost(), peer: () => apiOrigin, record: false });
  const api = await startFaultServer({
    answer: artifactApi(),
    peer: () => other.origin,
    record: false,
    fault: (request) => {
      const id = Number(request.headers["x-request-id"]);
      if (!(id >= 0 && id < options.calls))
        throw new Error(`X-Request-Id ${String(request.headers["x-request-id"])} is not a call of the plan`);
      const attempt = ++attempts[id]!;
      const write = request.method === "POST" || request.method === "PATCH";
      if (write && attempt > 1 && !LOAD_FAULTS[lastFault[id]!]?.fault.kind.startsWith("429")) resentWrites++;
      const k = plan.faultAt(id, attempt);
      lastFault[id] = k;
      return LOAD_FAULTS[k]?.fault;
    },
  });
  apiOrigin = api.origin;
  return {
    origin: api.origin,
    report: async () => ({
      received: api.received - receivedBefore,
      otherReceived: other.received - otherReceivedBefore,
      injected: Object.fromEntries(api.injected),
      resentWrites,
    }),
    resetCounts: async () => {
      receivedBefore = api.received;
      otherReceivedBefore = other.received;
      api.injected.clear();
    },
    dropConnections: async () => void (await Promise.all([api.dropConnections(), other.dropConnections()])),
    close: async () => void (await Promise.all([api.close(), other.close()])),
  };
}

type Operation = "report" | "resetCounts" | "dropConnections" | "close";

/**
 * startLoadServers on a worker thread running `workerFile` (the built load-worker.js), so that the
 * client under test and the servers do not queue behind each other on one event loop: sharing one,
 * some answers waited seconds behind the client's own work, and a timeout short enough to keep the
 * run quick was not safe.
 */
export async function startLoadServersInWorker(workerFile: URL, options: LoadOptions): Promise<LoadServers> {
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
  worker.on("message", ({ id, result }: { id: number; result: unknown }) => {
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
  // The worker announces its origin as message 0.
  const origin = await answer<string>(0);
  return {
    origin,
    report: () => call<LoadReport>("report"),
    resetCounts: () => call<void>("resetCounts"),
    dropConnections: () => call<void>("dropConnections"),
    close: async () => {
      await call<void>("close");
      await worker.terminate();
    },
  };
}
