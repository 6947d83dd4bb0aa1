import { getEventListeners } from "node:events";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { NetworkError } from "@ci-artifacts/client/buildkite";
import { DownloadError, downloadArtifact } from "@ci-artifacts/client/node";
import type { FaultRule } from "@ci-artifacts/mock";
import { afterEach, describe, expect, it } from "vitest";
import { scratchDir } from "./support/scratch.js";
import {
  type Artifact,
  apiRequests,
  BUILD,
  BUILDKITE_TOKEN,
  closeTwins,
  finishedOf,
  idsOf,
  sha1,
  startBuildkite,
  storageRequests,
} from "./support/twin.js";

/** What the storage host does to the next file request, as the twin's faults. */
const once = (fault: FaultRule["fault"]): FaultRule => ({ fault, route: "storage", count: 1 });
/** A presigned URL that has expired by the time it is used: S3's 403. */
const expired = once({ type: "status", status: 403, body: "empty" });
/** The headers and 1,000 bytes, then the connection reset. */
const cut = once({ type: "truncate", bytes: 1_000 });

const dir = scratchDir("ci-artifacts-download-");
afterEach(closeTwins);

/** The twin, its storage host misbehaving as `faults` say, and its first finished artifact (a file of 529,371 bytes). */
async function setup(faults: FaultRule[] = []) {
  const { twin, bk } = await startBuildkite({ artifacts: 3, faults });
  const artifact = finishedOf(twin)[0]!;
  return { twin, bk, artifact, ids: idsOf(artifact) };
}

const routes = { getArtifact: "artifact", downloadArtifact: "download" } as Record<string, string>;

describe("downloadArtifact: verified, streamed, to a file", () => {
  it.each([
    { name: "a list item", given: { by: "item" as const, faults: [] }, want: { api: ["download"], storage: [200] } },
    {
      name: "ids: the size and checksum come from getArtifact",
      given: { by: "ids" as const, faults: [] },
      want: { api: ["artifact", "download"], storage: [200] },
    },
    {
      name: "an expired URL (403): a fresh one is asked for",
      given: { by: "item" as const, faults: [expired] },
      want: { api: ["download", "download"], storage: [403, 200] },
    },
    {
      name: "a body cut short: started over with a fresh URL",
      given: { by: "item" as const, faults: [cut] },
      want: { api: ["download", "download"], storage: [200, 200] },
    },
  ])("$name", async ({ given, want }) => {
    const { twin, bk, artifact, ids } = await setup(given.faults);
    const to = join(dir(), "app.tgz");
    const progress: number[] = [];
    const result = await downloadArtifact(bk, given.by === "item" ? artifact : ids, {
      to,
      onProgress: ({ received, total }) => {
        expect(total).toBe(artifact.file_size);
        progress.push(received);
      },
    });
    expect(result).toEqual({ bytes: artifact.file_size, sha1: artifact.sha1sum });
    const file = await readFile(to);
    expect({ size: file.byteLength, sha1: sha1(file) }).toEqual({ size: artifact.file_size, sha1: artifact.sha1sum });
    expect(await readdir(dir())).toEqual(["app.tgz"]);
    // Streamed: the file arrived in many chunks, each reported as it came.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(artifact.file_size);
    expect(apiRequests(twin).map((r) => routes[r.route] ?? r.route)).toEqual(want.api);
    const files = storageRequests(twin);
    expect(files.map((r) => r.status)).toEqual(want.storage);
    expect(files.map((r) => r.headers.authorization ?? JSON.stringify(r.headers).includes(BUILDKITE_TOKEN))).toEqual(
      Array(want.storage.length).fill(false),
    );
  });

  it.each([
    {
      name: "the API's size",
      given: (a: Artifact) => ({ file_size: a.file_size + 1 }),
      want: (a: Artifact) => ({
        problem: "size",
        message: `artifact ${a.path}: ${a.file_size} bytes where the API gave ${a.file_size + 1}`,
      }),
    },
    {
      name: "the API's checksum",
      given: () => ({ sha1sum: "0".repeat(40) }),
      want: (a: Artifact) => ({
        problem: "sha1",
        message: `artifact ${a.path}: SHA-1 ${a.sha1sum} where the API gave ${"0".repeat(40)}`,
      }),
    },
    {
      name: "a size smaller than what comes, stopped as soon as it is passed",
      given: () => ({ file_size: 10 }),
      want: (a: Artifact) => ({ problem: "size", message: `artifact ${a.path}: more than the 10 bytes the API gave` }),
    },
  ])("a file that differs from $name: a typed error naming the artifact, and no file left", async ({ given, want }) => {
    const { twin, bk, artifact } = await setup();
    const thrown = await downloadArtifact(
      bk,
      { ...artifact, ...given(artifact) },
      { to: join(dir(), "app.tgz") },
    ).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(DownloadError);
    const { problem, message } = want(artifact);
    expect(thrown).toMatchObject({ problem, artifact: artifact.path, method: "GET" });
    // The call named without the URL's signature, then what differs.
    expect((thrown as Error).message).toBe(
      `GET ${twin.storageOrigin}/twin-artifacts/${artifact.id}/${artifact.filename}: ${message}`,
    );
    expect(await readdir(dir())).toEqual([]);
  });

  it("verify: false takes what comes, without asking getArtifact", async () => {
    // The storage host changes bytes of the file, its length kept: its SHA-1 is no longer the API's.
    const { twin, bk, artifact, ids } = await setup([once({ type: "corrupt" })]);
    const to = join(dir(), "odd");
    const result = await downloadArtifact(bk, ids, { to, verify: false });
    const file = await readFile(to);
    expect(result).toEqual({ bytes: artifact.file_size, sha1: sha1(file) });
    expect(result.sha1).not.toBe(artifact.sha1sum);
    expect(apiRequests(twin).map((r) => r.route)).toEqual(["downloadArtifact"]);
    expect(twin.faults.injected.get("corrupt")).toBe(1);
  });

  it("a Writable gets the file and is ended", async () => {
    const { bk, artifact } = await setup();
    const chunks: Buffer[] = [];
    let ended = false;
    const to = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        chunks.push(chunk);
        done();
      },
      final: (done) => {
        ended = true;
        done();
      },
    });
    await downloadArtifact(bk, artifact, { to });
    const file = Buffer.concat(chunks);
    expect({ size: file.byteLength, sha1: sha1(file), ended }).toEqual({
      size: artifact.file_size,
      sha1: artifact.sha1sum,
      ended: true,
    });
  });

  it("a Writable cannot start over: a body cut short is the error", async () => {
    const { twin, bk, artifact } = await setup([cut]);
    const to = new Writable({ write: (_chunk, _encoding, done) => done() });
    await expect(downloadArtifact(bk, artifact, { to })).rejects.toBeInstanceOf(NetworkError);
    expect(storageRequests(twin)).toHaveLength(1);
    expect(twin.faults.injected.get("truncate")).toBe(1);
  });

  it("an abort mid-file stops the download and removes what was written", async () => {
    // A file of 2 MiB whose storage sends 1.5 MiB, then nothing: the first 1 MiB batch is in the .part file.
    const artifacts = [{ path: "app.tgz", file_size: 2 << 20 }];
    const { twin, bk } = await startBuildkite({
      data: { api: "buildkite", builds: [{ ...BUILD, artifacts }] },
      faults: [once({ type: "stall", bytes: 3 << 19 })],
    });
    const controller = new AbortController();
    const to = join(dir(), "app.tgz");
    const done = downloadArtifact(bk, finishedOf(twin)[0]!, { to, signal: controller.signal });
    done.catch(() => undefined);
    for (let i = 0; i < 400 && !existsSync(`${to}.part`); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(existsSync(`${to}.part`)).toBe(true);
    controller.abort(new Error("enough"));
    await expect(done).rejects.toThrow("enough");
    expect(existsSync(to) || existsSync(`${to}.part`)).toBe(false);
  });

  it("an abort before the first batch leaves no file", async () => {
    // The headers and 10 bytes, then nothing: the download waits for the rest.
    const { bk, artifact } = await setup([once({ type: "stall", bytes: 10 })]);
    const controller = new AbortController();
    const to = join(dir(), "app.tgz");
    const done = downloadArtifact(bk, artifact, {
      to,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error("enough")),
    });
    await expect(done).rejects.toThrow("enough");
    expect(existsSync(to) || existsSync(`${to}.part`)).toBe(false);
  });

  it("many downloads on one signal leave no listener on it", async () => {
    const { bk, twin } = await setup();
    const { signal } = new AbortController();
    for (const [i, artifact] of finishedOf(twin).entries()) {
      for (const round of [1, 2]) await downloadArtifact(bk, artifact, { to: join(dir(), `${i}-${round}`), signal });
    }
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });
});
