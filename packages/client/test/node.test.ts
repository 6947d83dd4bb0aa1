import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createBuildkiteClient, NetworkError } from "@ci-artifacts/client/buildkite";
import { DownloadError, downloadArtifact } from "@ci-artifacts/client/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILD, type FakeBuildkite, ORG, PIPELINE, startFakeBuildkite, TOKEN } from "./support/fake-buildkite.js";
import { type Recorded, startServer, type TestServer } from "./support/http.js";

const CONTENT = Buffer.from("the artifact's bytes, ".repeat(5_000));
const SHA1 = createHash("sha1").update(CONTENT).digest("hex");
const build = { org_slug: ORG, pipeline_slug: PIPELINE, build_number: BUILD };

type Step = (request: Recorded, response: ServerResponse) => void;
const whole: Step = (_q, r) => void r.writeHead(200, { "content-length": CONTENT.byteLength }).end(CONTENT);
const expired: Step = (_q, r) =>
  void r.writeHead(403, { "content-type": "application/xml" }).end("<Error><Code>AccessDenied</Code></Error>");
const cut: Step = (_q, r) => {
  r.writeHead(200, { "content-length": CONTENT.byteLength });
  r.write(CONTENT.subarray(0, 1000), () => r.socket?.destroy());
};
const other: Step = (_q, r) => void r.writeHead(200, { "content-length": 3 }).end("odd");

let dir: string;
let fake: FakeBuildkite | undefined;
let storage: TestServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ci-artifacts-download-"));
});
afterEach(async () => {
  await Promise.all([fake?.close(), storage?.close()]);
  fake = undefined;
  storage = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The fake API, whose download operation redirects to a storage host answering request n with steps[n]. */
async function setup(steps: Step[]) {
  const files = await startServer((request, response, index) =>
    (steps[Math.min(index, steps.length - 1)] as Step)(request, response),
  );
  storage = files;
  fake = await startFakeBuildkite({
    count: 2,
    fault: (request, response) => {
      if (!request.url.endsWith("/download")) return false;
      const location = `${files.origin}/file?X-Amz-Signature=fresh-${fake!.server.requests.length}`;
      response.writeHead(302, { location, "content-type": "application/json" }).end(JSON.stringify({ url: location }));
      return true;
    },
  });
  const artifact = fake.artifacts[0]!;
  Object.assign(artifact, { file_size: CONTENT.byteLength, sha1sum: SHA1 });
  const bk = createBuildkiteClient({ token: TOKEN, baseUrl: fake.baseUrl });
  return { fake, storage: files, bk, artifact, ids: { ...build, job_id: artifact.job_id, artifact_id: artifact.id } };
}

describe("downloadArtifact: verified, streamed, to a file", () => {
  it.each([
    { name: "a list item", given: { by: "item" as const, steps: [whole] }, want: { api: ["download"], storage: 1 } },
    {
      name: "ids: the size and checksum come from getArtifact",
      given: { by: "ids" as const, steps: [whole] },
      want: { api: ["artifact", "download"], storage: 1 },
    },
    {
      name: "an expired URL (403): a fresh one is asked for",
      given: { by: "item" as const, steps: [expired, whole] },
      want: { api: ["download", "download"], storage: 2 },
    },
    {
      name: "a body cut short: started over with a fresh URL",
      given: { by: "item" as const, steps: [cut, whole] },
      want: { api: ["download", "download"], storage: 2 },
    },
  ])("$name", async ({ given, want }) => {
    const { fake, storage, bk, artifact, ids } = await setup(given.steps);
    const to = join(dir, "app.tgz");
    const progress: number[] = [];
    const result = await downloadArtifact(bk, given.by === "item" ? artifact : ids, {
      to,
      onProgress: ({ received, total }) => {
        expect(total).toBe(CONTENT.byteLength);
        progress.push(received);
      },
    });
    expect(result).toEqual({ bytes: CONTENT.byteLength, sha1: SHA1 });
    expect((await readFile(to)).equals(CONTENT)).toBe(true);
    expect(await readdir(dir)).toEqual(["app.tgz"]);
    // Streamed: the file arrived in many chunks, each reported as it came.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(CONTENT.byteLength);
    expect(fake.server.requests.map((r) => (r.url.endsWith("/download") ? "download" : "artifact"))).toEqual(want.api);
    expect(storage.requests).toHaveLength(want.storage);
    expect(storage.requests.map((r) => r.headers.authorization ?? JSON.stringify(r.headers).includes(TOKEN))).toEqual(
      Array(want.storage).fill(false),
    );
  });

  it.each([
    {
      name: "the API's size",
      given: { file_size: CONTENT.byteLength + 1, sha1sum: SHA1 },
      want: { problem: "size", message: /artifact dist\/file-0\.txt: 110000 bytes where the API gave 110001$/ },
    },
    {
      name: "the API's checksum",
      given: { file_size: CONTENT.byteLength, sha1sum: "0".repeat(40) },
      want: {
        problem: "sha1",
        message: new RegExp(`artifact dist/file-0\\.txt: SHA-1 ${SHA1} where the API gave 0{40}$`),
      },
    },
    {
      name: "a size smaller than what comes, stopped as soon as it is passed",
      given: { file_size: 10, sha1sum: SHA1 },
      want: { problem: "size", message: /more than the 10 bytes the API gave/ },
    },
  ])("a file that differs from $name: a typed error naming the artifact, and no file left", async ({ given, want }) => {
    const { bk, artifact } = await setup([whole]);
    const thrown = await downloadArtifact(bk, { ...artifact, ...given }, { to: join(dir, "app.tgz") }).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(DownloadError);
    expect(thrown).toMatchObject({ problem: want.problem, artifact: "dist/file-0.txt", method: "GET" });
    expect((thrown as Error).message).toMatch(want.message);
    expect(await readdir(dir)).toEqual([]);
  });

  it("verify: false takes what comes, without asking getArtifact", async () => {
    const { fake, bk, ids } = await setup([other]);
    const result = await downloadArtifact(bk, ids, { to: join(dir, "odd"), verify: false });
    expect(result).toEqual({ bytes: 3, sha1: createHash("sha1").update("odd").digest("hex") });
    expect(fake.server.requests.map((r) => r.url.endsWith("/download"))).toEqual([true]);
  });

  it("a Writable gets the file and is ended", async () => {
    const { bk, artifact } = await setup([whole]);
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
    expect({ equal: Buffer.concat(chunks).equals(CONTENT), ended }).toEqual({ equal: true, ended: true });
  });

  it("a Writable cannot start over: a body cut short is the error", async () => {
    const { storage, bk, artifact } = await setup([cut, whole]);
    const to = new Writable({ write: (_chunk, _encoding, done) => done() });
    await expect(downloadArtifact(bk, artifact, { to })).rejects.toBeInstanceOf(NetworkError);
    expect(storage.requests).toHaveLength(1);
  });

  it("an abort stops the download and leaves no file", async () => {
    const { bk, artifact } = await setup([
      (_q, r) => r.writeHead(200, { "content-length": CONTENT.byteLength }).write(CONTENT.subarray(0, 10)),
    ]);
    const controller = new AbortController();
    const to = join(dir, "app.tgz");
    const done = downloadArtifact(bk, artifact, {
      to,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error("enough")),
    });
    await expect(done).rejects.toThrow("enough");
    expect(existsSync(to) || existsSync(`${to}.part`)).toBe(false);
  });
});
