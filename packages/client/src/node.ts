// Verified downloads on Node: the file streams from the storage host to a path or a Writable,
// its size and SHA-1 checked on the way against the `file_size` and `sha1sum` the API gives
// (Buildkite artifact data model), never held in memory whole. A presigned URL that has expired
// by the time a retry comes (storage answers 403) is asked for again.
/// <reference types="node" />
import { createHash, type Hash } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import type { Writable } from "node:stream";
import { pipeline as pump } from "node:stream/promises";
import type { BuildkiteClient } from "./buildkite.js";
import { type ArtifactRef, type BuildkiteDownloadParams, fetchFile } from "./download.js";
import { ApiError, type CallSite, ClientError, NetworkError } from "./errors.js";
import { FileThreadError, writeHashed } from "./file-thread.js";
import { apiError } from "./result.js";

/** What the API says of an artifact's file: a list item or `getArtifact`'s answer. */
export interface ArtifactFile {
  id: string;
  download_url: string;
  file_size: number;
  sha1sum: string;
  path?: string;
}

export interface DownloadOptions {
  /** A file path (written beside it first, renamed once verified) or a Writable (ended when done). */
  to: string | Writable;
  /** Check `file_size` and `sha1sum`; ids alone then cost one `getArtifact` call. Default true. */
  verify?: boolean | undefined;
  onProgress?: ((progress: { received: number; total: number | undefined }) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Times a file download starts over with a fresh URL after a 403 from storage or a cut body. Default 2. */
  restarts?: number | undefined;
}

export interface Downloaded {
  bytes: number;
  /** SHA-1 of what was received, lowercase hex. */
  sha1: string;
}

/** The file did not arrive as the API described it; a file path was removed, not left half-written. */
export class DownloadError extends ClientError {
  override name = "DownloadError";
  readonly artifact: string;
  readonly problem: "size" | "sha1";

  constructor(site: CallSite, artifact: string, problem: "size" | "sha1", detail: string) {
    super(`artifact ${artifact}: ${detail}`, site);
    this.artifact = artifact;
    this.problem = problem;
  }
}

const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";

/**
 * The artifact's file streamed to `to`, its size and SHA-1 checked as the bytes come (README,
 * "Verified downloads"); resolves with what was received once it is there, verified.
 */
export async function downloadArtifact(
  client: BuildkiteClient,
  artifact: ArtifactFile | BuildkiteDownloadParams,
  options: DownloadOptions,
): Promise<Downloaded> {
  const own = options.signal && followSignal(options.signal);
  try {
    return await verifiedDownload(client, artifact, { ...options, signal: own?.signal });
  } finally {
    own?.release();
  }
}

/** The download itself, on the signal `downloadArtifact` gives it; starts over as `restarts` allows. */
async function verifiedDownload(
  client: BuildkiteClient,
  artifact: ArtifactFile | BuildkiteDownloadParams,
  options: DownloadOptions,
): Promise<Downloaded> {
  const { to, verify = true, onProgress, signal } = options;
  const file = "download_url" in artifact ? artifact : verify ? await describe(client, artifact, signal) : undefined;
  const ref: ArtifactRef = file ?? (artifact as BuildkiteDownloadParams);
  const name = file?.path ?? ("artifact_id" in artifact ? artifact.artifact_id : artifact.id);
  // Only a file can start over: what went into a Writable cannot be taken back.
  const restarts = typeof to === "string" ? (options.restarts ?? 2) : 0;
  for (let restart = 0; ; restart++) {
    const part = typeof to === "string" ? `${to}.part` : undefined;
    try {
      const { response, site, cut } = await fetchFile(client, ref, { signal });
      const total = file?.file_size;
      let received = 0;
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      // The body's reader as it is, no stream between it and the file: a chunk costs one read.
      const chunks = async function* (hash?: Hash) {
        let ended = false;
        try {
          for (;;) {
            const { done, value: chunk } = await reader.read().catch((error: unknown) => {
              throw cut(error);
            });
            ended = done;
            if (done) return;
            received += chunk.byteLength;
            if (verify && total !== undefined && received > total) {
              throw new DownloadError(site, name, "size", `more than the ${total} bytes the API gave`);
            }
            hash?.update(chunk);
            onProgress?.({ received, total });
            yield chunk;
          }
        } finally {
          // Stopped early (a mismatch, the file failing, an abort): the rest of the body is not wanted.
          if (!ended) reader.cancel().catch(() => undefined);
        }
      };
      // To a file, the bytes are hashed on the thread that writes them; to a Writable, as they pass.
      let sha1: string;
      if (part) sha1 = await writeHashed(part, chunks());
      else {
        const hash = createHash("sha1");
        await pump(chunks(hash), to as Writable, ...(signal ? [{ signal }] : []));
        sha1 = hash.digest("hex");
      }
      signal?.throwIfAborted();
      if (verify && file && received !== file.file_size) {
        throw new DownloadError(site, name, "size", `${received} bytes where the API gave ${file.file_size}`);
      }
      if (verify && file && sha1 !== file.sha1sum.toLowerCase()) {
        throw new DownloadError(site, name, "sha1", `SHA-1 ${sha1} where the API gave ${file.sha1sum}`);
      }
      if (part) await rename(part, to as string);
      return { bytes: received, sha1 };
    } catch (error) {
      if (part) await rm(part, { force: true });
      // Aborted, it rejects with the signal's reason, as fetch does.
      if (signal?.aborted) throw signal.reason;
      // A presigned URL lives about a minute: a 403 from storage or a cut body gets a fresh one.
      // So does a file thread that stopped: the bytes it held are gone.
      const again =
        (error instanceof ApiError && error.status === 403) ||
        error instanceof NetworkError ||
        error instanceof FileThreadError;
      if (!again || restart >= restarts) throw error;
    }
  }
}

/** The artifact's size and checksum, from `getArtifact`. */
async function describe(client: BuildkiteClient, ids: BuildkiteDownloadParams, signal: AbortSignal | undefined) {
  const { data, error, response } = await client.GET(ONE, { params: { path: ids }, ...(signal && { signal }) });
  if (!data) throw apiError(response, error);
  return data;
}

/**
 * A signal that follows `parent` until released. undici adds a listener to the signal of every
 * request it builds and lets go of it only once the request is garbage-collected: a command's one
 * Ctrl-C signal passed to thousands of downloads would pile them up (each new one costing more,
 * with a warning past 1,500). On a signal of their own per download, they go with it.
 */
function followSignal(parent: AbortSignal): { signal: AbortSignal; release(): void } {
  if (parent.aborted) return { signal: parent, release: () => undefined };
  const controller = new AbortController();
  const abort = () => controller.abort(parent.reason);
  parent.addEventListener("abort", abort, { once: true });
  return { signal: controller.signal, release: () => parent.removeEventListener("abort", abort) };
}
