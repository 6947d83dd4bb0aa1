import { inspect } from "node:util";
import "./clock.js";
import { type BuddyClient, createBuddyClient } from "@ci-artifacts/client/buddy";
import {
  ApiError,
  type BuildkiteClient,
  ClientError,
  createBuildkiteClient,
  ResponseError,
} from "@ci-artifacts/client/buildkite";
import { download, getDownloadUrl } from "@ci-artifacts/client/download";
import { paginate } from "@ci-artifacts/client/paginate";
import { type RetryEvent, type RetryOptions, retry } from "@ci-artifacts/client/retry";
import type { Fault, RecordedRequest } from "@ci-artifacts/mock";
import { artifactId, BUILD, buddyId, JOB, WORKSPACE } from "../../src/data.js";
import { heldBy } from "../../src/faults.js";
import { type ServerView, startTwins } from "../../src/twins.js";

/** Long enough to be redacted (the client leaves tokens under 8 characters alone). */
export const TOKEN = "bkua_0f3c9a7e5d2b4c6a8e1f0d9c7b5a3e2f1d0c9b8a";

export type Call =
  | "getArtifact"
  | "listArtifacts"
  | "createArtifact"
  | "updateArtifact"
  | "deleteArtifact"
  | "getDownloadUrl"
  | "download";

export const METHOD: Record<Call, string> = {
  getArtifact: "GET",
  listArtifacts: "GET",
  createArtifact: "POST",
  updateArtifact: "PATCH",
  deleteArtifact: "DELETE",
  getDownloadUrl: "GET",
  download: "GET",
};

const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}" as const;
const LIST = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts" as const;
const BUDDY_LIST = "/workspaces/{workspace}/artifacts" as const;
const BUDDY_ONE = "/workspaces/{workspace}/artifacts/{artifact_id}" as const;

export interface Clients {
  buildkite: BuildkiteClient;
  buddy: BuddyClient;
}

export type { RetryEvent, RetryOptions } from "@ci-artifacts/client/retry";

/** What a row configures: the token, and the retry plugin's timeout, policy and retry events. */
export interface ClientOptions {
  token: string;
  timeoutMs: number;
  retry: RetryOptions | false;
  onRetry: (event: RetryEvent) => void;
}

/** Both clients as an application sets them up: the retry plugin (timeouts, retries, pacing), one each. */
export function clients(urls: { buildkite: string; buddy: string }, options: ClientOptions): Clients {
  const { token, timeoutMs, onRetry } = options;
  const plugins = () => [retry({ ...(options.retry === false ? { retries: 0 } : options.retry), timeoutMs, onRetry })];
  return {
    buildkite: createBuildkiteClient({ token, baseUrl: urls.buildkite, plugins: plugins() }),
    buddy: createBuddyClient({ token, baseUrl: urls.buddy, plugins: plugins() }),
  };
}

/** How a call ended, in a few words: "ok", "error 503" (returned), or the class (and problem or status) thrown. */
export interface Outcome {
  outcome: string;
  /** List items received (pagination), or bytes of a download. */
  items?: number;
  bytes?: number;
  /** The message a caller would show: the returned error's or the thrown one's. */
  message?: string;
  thrown?: unknown;
  /** The error body openapi-fetch returned. */
  error?: unknown;
}

export function nameOf(thrown: unknown): string {
  if (thrown instanceof ResponseError) return `ResponseError ${thrown.problem}`;
  if (thrown instanceof ApiError) return `ApiError ${thrown.status}`;
  if (thrown instanceof ClientError) return thrown.name;
  if (thrown instanceof DOMException) return `DOMException ${thrown.name}`;
  return `untyped ${inspect(thrown)}`;
}

type Returned = { data?: unknown; error?: unknown; response: Response };

/**
 * openapi-fetch's answer: ok when the data is the one asked for (`field` of the body is `value`)
 * and it answers this very request (the twin echoes X-Request-Id), else what came back.
 */
function returned(
  { data, error, response }: Returned,
  want: { field?: string; value?: string; requestId: string },
): Outcome {
  if (error !== undefined) return { outcome: `error ${response.status}`, error, message: vendorMessage(error) };
  if (want.field === undefined) return { outcome: data === undefined ? "ok" : `unexpected data ${inspect(data)}` };
  const record = data as Record<string, unknown> | undefined;
  const echoed = response.headers.get("x-request-id");
  const matches = record?.[want.field] === want.value && echoed === want.requestId;
  return {
    outcome: matches ? "ok" : `mismatched answer ${inspect(data)} (${echoed}) for ${want.value}/${want.requestId}`,
  };
}

function vendorMessage(error: unknown): string {
  const body = error as { message?: string; errors?: { message: string }[]; error?: string };
  return body.message ?? body.errors?.map((e) => e.message).join("; ") ?? body.error ?? inspect(error);
}

/**
 * Makes one call the way an application would and reduces its ending to an Outcome. Helpers that
 * throw are caught here; a list is read to its end, a download's body to its last byte.
 */
export async function perform(
  call: Call,
  c: Clients,
  options: {
    artifact?: number;
    requestId?: string;
    signal?: AbortSignal;
    /** Bytes of a download's body read so far, as they come. */
    progress?: { bytes: number };
  } = {},
): Promise<Outcome> {
  const n = options.artifact ?? 1;
  const id = artifactId(n);
  const requestId = options.requestId ?? "r-1";
  const headers = { "x-request-id": requestId };
  const signal = options.signal;
  const path = { ...BUILD, job_id: JOB, artifact_id: id };
  try {
    switch (call) {
      case "getArtifact":
        return returned(await c.buildkite.GET(ONE, { params: { path }, headers, signal }), {
          field: "id",
          value: id,
          requestId,
        });
      case "deleteArtifact":
        return returned(await c.buildkite.DELETE(ONE, { params: { path }, headers, signal }), { requestId });
      case "createArtifact":
        return returned(
          await c.buddy.POST(BUDDY_LIST, {
            params: { path: { workspace: WORKSPACE } },
            body: { name: `new-${n}`, type: "BUCKET", scope: "WORKSPACE" },
            headers,
            signal,
          }),
          { field: "name", value: `new-${n}`, requestId },
        );
      case "updateArtifact":
        return returned(
          await c.buddy.PATCH(BUDDY_ONE, {
            params: { path: { workspace: WORKSPACE, artifact_id: buddyId(n) } },
            body: { name: `renamed-${n}` },
            headers,
            signal,
          }),
          { field: "id", value: buddyId(n), requestId },
        );
      case "listArtifacts": {
        const items = paginate(c.buildkite, LIST, { params: { path: BUILD }, headers, ...(signal ? { signal } : {}) });
        let count = 0;
        try {
          for await (const _ of items) count++;
        } catch (thrown) {
          return { outcome: nameOf(thrown), thrown, items: count, message: (thrown as Error).message };
        }
        return { outcome: "ok", items: count };
      }
      case "getDownloadUrl": {
        const url = await getDownloadUrl(c.buildkite, path, { signal });
        return { outcome: url.includes(`/twin-artifacts/${id}/`) ? "ok" : `unexpected url ${url}` };
      }
      case "download": {
        const response = await download(c.buildkite, path, signal ? { signal } : {});
        let bytes = 0;
        const reader = response.body?.getReader();
        try {
          for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
            bytes += chunk.value.byteLength;
            if (options.progress) options.progress.bytes = bytes;
          }
        } catch (thrown) {
          return { outcome: nameOf(thrown), thrown, bytes, message: (thrown as Error).message };
        }
        return { outcome: "ok", bytes };
      }
    }
  } catch (thrown) {
    return { outcome: nameOf(thrown), thrown, message: (thrown as Error)?.message };
  }
}

/** Every place a token could surface from an outcome: messages, stacks, causes, bodies. */
export function exposed(outcome: Outcome): string {
  return [
    outcome.message ?? "",
    outcome.thrown === undefined ? "" : inspect(outcome.thrown, { depth: 8 }),
    JSON.stringify(outcome.error ?? null),
  ].join("\n");
}

/** A log line as an application writes one per retry (after the client README's example). */
export const retryLine = ({ method, path, attempt, delayMs, reason, status }: RetryEvent) =>
  `${method} ${path}: ${reason}${status ? ` ${status}` : ""}, retry ${attempt} in ${delayMs} ms`;

/** What reached a server that must never see a credential of ours. */
export function credentialsSeen(requests: RecordedRequest[]): string[] {
  return requests.flatMap((r) => {
    const found: string[] = [];
    for (const name of ["authorization", "proxy-authorization", "cookie"])
      if (r.headers[name] !== undefined) found.push(`${r.method} ${r.url}: ${name}`);
    if (`${r.url} ${JSON.stringify(r.headers)} ${r.body}`.includes(TOKEN))
      found.push(`${r.method} ${r.url}: the token`);
    return found;
  });
}

export interface Servers {
  /** The API server of the twin the row's call talks to (Buddy for creates and updates, else Buildkite). */
  api: ServerView;
  /** That twin's storage server: the other origin, where downloads point. */
  other: ServerView;
  urls: { buildkite: string; buddy: string };
  /** Resolves when the servers hold their `n`th request (from 0) without an answer or mid-body. */
  held(n: number): Promise<Held>;
  close(): Promise<void>;
}

/** A request a server holds: it never answers (`hang`), or stops after `bytes` bytes of the body (`stall`). */
export interface Held {
  listener: "api" | "storage";
  bytes: number;
}

/**
 * The twins the row's call talks to. `api[n]` is what request n to the API's server meets, `other[n]`
 * what request n to the storage server meets; where undefined or past the end, the twin's answer.
 */
export async function startServers(given: {
  call: Call;
  api?: (Fault | undefined)[];
  other?: (Fault | undefined)[];
}): Promise<Servers> {
  const held: Held[] = [];
  const waiting = new Map<number, (held: Held) => void>();
  const twins = await startTwins({
    token: TOKEN,
    artifacts: 250,
    fault: (request, index) => {
      const fault = request.listener === "api" ? given.api?.[index] : given.other?.[index];
      const bytes = heldBy(fault);
      if (bytes !== undefined) {
        held.push({ listener: request.listener, bytes });
        waiting.get(held.length - 1)?.(held.at(-1) as Held);
      }
      return fault;
    },
  });
  const which = METHOD[given.call] === "POST" || METHOD[given.call] === "PATCH" ? "buddy" : "buildkite";
  return {
    api: twins.view(which, "api"),
    other: twins.view(which, "storage"),
    urls: twins.urls,
    held: (n) => {
      const known = held[n];
      return known ? Promise.resolve(known) : new Promise((resolve) => waiting.set(n, resolve));
    },
    close: twins.close,
  };
}
