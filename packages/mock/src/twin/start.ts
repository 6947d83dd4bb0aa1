import { loadSourceFile } from "@ci-artifacts/spec";
import { checkApi, type TwinApi } from "../apis.js";
import { loadDocument } from "../document/load.js";
import { createFaults, ROUTE_KEYWORDS } from "../faults/select.js";
import { createApiApp, createStorageApp } from "../http/app.js";
import type { TwinCore } from "../http/core.js";
import { corsOrigins } from "../http/cors.js";
import { type Listening, listen } from "../http/listen.js";
import { createRecorder } from "../http/record.js";
import { PROFILES, type TwinDataOf } from "../profiles/index.js";
import type { DataSource } from "../profiles/types.js";
import { createRandom } from "../random.js";
import { createBudgets } from "../rate-limit/index.js";
import { createPresigner } from "../storage/presign.js";
import type { Twin, TwinOptions } from "./types.js";

/** The token the twin accepts when none is given: a placeholder, printed in the banner and the README. */
export const DEFAULT_TOKEN = "twin-token";
export const DEFAULT_ARTIFACTS: Readonly<Record<TwinApi, number>> = { buddy: 12, buildkite: 120 };
const DEFAULT_WINDOW_MS = 1_000;

/**
 * Starts a twin of `api` on 127.0.0.1 and resolves once it listens: seeded data (or the data
 * given), every request checked against the description, rate limits and faults as configured.
 */
export async function startTwin<A extends TwinApi>(api: A, options: TwinOptions<A> = {}): Promise<Twin<A>> {
  checkApi(api);
  const port = checkPort("port", options.port ?? 0);
  const storagePort = checkPort("storagePort", options.storagePort ?? 0);
  const host = options.host ?? "127.0.0.1";
  const basePath = checkBasePath(options.basePath ?? "");
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${String(seed)}`);
  const artifacts = options.artifacts ?? DEFAULT_ARTIFACTS[api];
  if (!(Number.isSafeInteger(artifacts) && artifacts >= 0)) {
    throw new RangeError(`artifacts must be a whole number, got ${String(artifacts)}`);
  }
  const ttl = options.presignTtlSeconds ?? 60;
  if (!(Number.isSafeInteger(ttl) && ttl > 0))
    throw new RangeError(`presignTtlSeconds must be a whole number of seconds, got ${String(ttl)}`);
  const token = options.token ?? DEFAULT_TOKEN;
  if (!/^[\x21-\x7e]+$/.test(token)) throw new TypeError("token must be printable ASCII without spaces");

  const cors = options.cors === undefined ? undefined : corsOrigins(options.cors);

  const doc = loadDocument(api);
  const profile = PROFILES[api];
  const random = createRandom(seed, "data");
  const { data, source } = readData(options.data, () => profile.seed(doc, { seed, artifacts }, options.where));
  const state = profile.load(doc, data, source, random);

  const tokens = new Map<string, ReadonlySet<string> | "*">([[token, "*"]]);
  for (const [extra, scopes] of Object.entries(options.tokens ?? {})) tokens.set(extra, new Set(scopes));
  const given = options.rateLimit === false ? {} : (options.rateLimit ?? {});
  const limits = {
    limit: given.limit ?? profile.rateLimit.limit,
    userLimit: given.userLimit ?? profile.rateLimit.userLimit,
  };
  const budgets =
    options.rateLimit === false
      ? undefined
      : createBudgets({ ...limits, windowMs: given.windowMs ?? DEFAULT_WINDOW_MS });
  const routes = new Set<string>([...ROUTE_KEYWORDS, ...doc.byId.keys()]);
  const faults = createFaults(seed, routes);
  const initial = options.faults;
  if (initial !== undefined) faults.add(...(typeof initial === "string" ? [initial] : initial));

  const core: TwinCore = {
    doc,
    profile,
    state,
    basePath,
    budgets,
    limits,
    faults,
    recorder: createRecorder(options.record ?? true, options.onRequest),
    presigner: createPresigner(ttl),
    random: createRandom(seed, "answers"),
    tokens,
    cors,
    origins: { api: "", storage: "" },
    now: () => Date.now(),
  };
  const apiServer = await listen(createApiApp(core), host, port);
  let storageServer: Listening | undefined;
  try {
    if (options.storage !== "api-origin") storageServer = await listen(createStorageApp(core), host, storagePort);
  } catch (error) {
    await apiServer.close();
    throw error;
  }
  core.origins.api = apiServer.origin;
  core.origins.storage = storageServer?.origin ?? apiServer.origin;
  const url = apiServer.origin + basePath;
  const seedData = profile.snapshot(state, url) as TwinDataOf[A];
  let closing: Promise<void> | undefined;

  return {
    api,
    url,
    origin: apiServer.origin,
    storageOrigin: core.origins.storage,
    token,
    seed: seedData,
    data: () => profile.snapshot(core.state, url) as TwinDataOf[A],
    faults,
    requests: core.recorder.requests,
    received: core.recorder.received,
    resetRequests: () => core.recorder.reset(),
    dropConnections: async () => {
      await Promise.all([apiServer.dropConnections(), storageServer?.dropConnections()]);
    },
    close: () => {
      closing ??= Promise.all([apiServer.close(), storageServer?.close()]).then(() => undefined);
      return closing;
    },
  };
}

function readData(given: unknown, seeded: () => unknown): { data: unknown; source: DataSource } {
  if (given === undefined) return { data: seeded(), source: { file: "seed", locate: () => undefined } };
  if (typeof given !== "string") return { data: given, source: { file: "data", locate: () => undefined } };
  const file = loadSourceFile(given);
  return {
    data: file.data,
    source: {
      file: given,
      locate: (pointer) => {
        const at = file.locate(pointer);
        return at ? { line: at.line, column: at.column } : undefined;
      },
    },
  };
}

function checkPort(name: string, port: number): number {
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    throw new RangeError(`${name} must be an integer in 0..65535, got ${String(port)}`);
  }
  return port;
}

function checkBasePath(path: string): string {
  if (path === "" || path === "/") return "";
  if (!/^\/[\w.~/-]*[^/]$/.test(path))
    throw new TypeError(`basePath must start with / and not end with one, such as /v2; got ${JSON.stringify(path)}`);
  return path;
}
