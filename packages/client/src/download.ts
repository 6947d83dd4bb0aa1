// Buildkite's downloadArtifact answers 302 with a presigned URL of the file, short-lived
// (`X-Amz-Expires`, register entry K13). The client reads that redirect instead of following it,
// then fetches the file from the storage host with no credential of ours, through the same
// pipeline (retries, timeouts, events) and the client's middleware.
import { createFinalURL, createQuerySerializer, defaultPathSerializer as pathSerializer } from "openapi-fetch";
import type { BuildkiteClient, BuildkitePaths } from "./buildkite.js";
import { type CallSite, NetworkError, ResponseError } from "./errors.js";
import { context, INTERNAL, isRecord } from "./internal.js";
import { sitePath } from "./pipeline.js";
import { apiError } from "./result.js";

export const DOWNLOAD_PATH =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}/download" as const;

export type BuildkiteDownloadParams = BuildkitePaths[typeof DOWNLOAD_PATH]["get"]["parameters"]["path"];

/** An artifact as a list or get operation returns it (its `download_url` is used), or its ids. */
export type ArtifactRef = BuildkiteDownloadParams | { download_url: string };

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

const querySerializer = createQuerySerializer();

type Get = (path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** The presigned URL of an artifact's file, read from the 302 (`Location`, else the body's `url`) without following it. */
export async function getDownloadUrl(
  client: BuildkiteClient,
  artifact: ArtifactRef,
  options: CallOptions = {},
): Promise<string> {
  const pipeline = context(client);
  const init = {
    [INTERNAL]: { mode: "redirect", template: DOWNLOAD_PATH },
    ...(options.signal && { signal: options.signal }),
  };
  const get = client.GET as unknown as Get;
  let asked: string;
  let result: Awaited<ReturnType<Get>>;
  if ("download_url" in artifact) {
    const target = new URL(artifact.download_url);
    // The token goes with this request: only to the API's own origin.
    if (target.origin !== pipeline.origin) {
      throw new TypeError(`download_url ${sitePath(target.href)} is not on the API's origin ${pipeline.origin}`);
    }
    asked = target.href;
    result = await get(target.pathname + target.search, { ...init, baseUrl: target.origin });
  } else {
    const params = { path: artifact };
    asked = createFinalURL(DOWNLOAD_PATH, { baseUrl: pipeline.baseUrl, params, querySerializer, pathSerializer });
    result = await get(DOWNLOAD_PATH, { ...init, params });
  }
  const { error, response } = result;
  const site: CallSite = { method: "GET", path: pipeline.auth.redact(sitePath(response.url || asked)), attempts: 1 };
  // Browsers answer `redirect: "manual"` with an opaque answer that hides status and Location.
  if (response.type === "opaqueredirect") {
    throw new ResponseError("unreadable-redirect", "this runtime hides redirects from scripts", site);
  }
  if (response.status >= 400) throw apiError(response, error);
  if (response.status < 300 || response.status > 399) {
    throw new ResponseError(
      "unexpected-status",
      `expected a redirect to the file, got HTTP ${response.status}`,
      site,
      response.status,
    );
  }
  // Buildkite sends the URL in the body as well as in Location.
  const location =
    response.headers.get("location") || (isRecord(error) && typeof error.url === "string" ? error.url : "");
  let target: URL | undefined;
  try {
    target = new URL(location, response.url || asked);
  } catch {}
  if (!location || !target || !/^https?:$/.test(target.protocol)) {
    throw new ResponseError(
      "missing-location",
      "the redirect names no http(s) Location and its body no url",
      site,
      response.status,
    );
  }
  return target.href;
}

/** The artifact's file as a streaming Response, from the storage host, which never gets a credential of ours. */
export async function download(
  client: BuildkiteClient,
  artifact: ArtifactRef,
  options: CallOptions = {},
): Promise<Response> {
  const { response, cut } = await fetchFile(client, artifact, options);
  return guarded(response, cut);
}

/** A file's answer as it came, its call site, and what to throw for a failure while its body streams. */
export interface FetchedFile {
  response: Response;
  site: CallSite;
  /**
   * The error for one the body's reader raised: the caller's abort reason, or a NetworkError.
   * Holding it keeps the request alive while the body streams: undici follows a Request's signal
   * only while the Request lives (nodejs/undici#4068), so a caller's abort would otherwise never
   * reach a body being read.
   */
  cut(error: unknown): unknown;
}

/** The storage request of `download` and `downloadArtifact`. */
export async function fetchFile(
  client: BuildkiteClient,
  artifact: ArtifactRef,
  options: CallOptions,
): Promise<FetchedFile> {
  const pipeline = context(client);
  const target = new URL(await getDownloadUrl(client, artifact, options));
  let sent: Request | undefined;
  const { error, response } = await (client.GET as unknown as Get)(target.pathname + target.search, {
    baseUrl: target.origin,
    parseAs: "stream",
    redirect: "follow",
    [INTERNAL]: { mode: "storage", template: DOWNLOAD_PATH },
    // After the client's middleware, whatever it added: the storage host gets no credential of ours.
    fetch: (request: Request, init?: RequestInit) => {
      for (const name of ["authorization", "proxy-authorization", "cookie"]) request.headers.delete(name);
      sent = request;
      return pipeline.fetch(request, init);
    },
    ...(options.signal && { signal: options.signal }),
  });
  if (!response.ok) throw apiError(response, error);
  const site = { method: "GET", path: pipeline.auth.redact(sitePath(target.href)), attempts: 1 };
  const cut = (error: unknown) => (sent?.signal.aborted ? sent.signal.reason : new NetworkError(site, error));
  return { response, site, cut };
}

/** The body passed through, a failure mid-body thrown as `cut` says. */
function guarded(response: Response, cut: FetchedFile["cut"]): Response {
  const reader = response.body?.getReader();
  if (!reader) return response;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      } catch (error) {
        controller.error(cut(error));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
