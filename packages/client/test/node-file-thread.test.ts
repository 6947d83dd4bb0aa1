// A download to a file whose file thread stops under it starts over, written and hashed from the
// main thread, and still ends verified. Its own file: once stopped, the thread stays stopped in a process.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { downloadArtifact } from "@ci-artifacts/client/node";
import { afterEach, expect, it } from "vitest";
import { fileThread } from "../dist/file-thread.js";
import { scratchDir } from "./support/scratch.js";
import { closeTwins, finishedOf, sha1, startBuildkite, storageRequests } from "./support/twin.js";

const dir = scratchDir("ci-artifacts-hash-thread-");
afterEach(closeTwins);

it("starts over when the file thread stops mid-download, and ends verified", async () => {
  const { twin, bk } = await startBuildkite({ artifacts: 3 });
  const artifact = finishedOf(twin)[0]!;
  const to = join(dir(), "app.tgz");
  let stopped: Promise<number> | undefined;
  const result = await downloadArtifact(bk, artifact, {
    to,
    onProgress: () => {
      // The first chunk: the thread has started for this download; it is stopped under it.
      stopped ??= fileThread()?.terminate();
    },
  });
  expect(stopped).toBeDefined();
  await stopped;
  expect(result).toEqual({ bytes: artifact.file_size, sha1: artifact.sha1sum });
  const file = await readFile(to);
  expect({ size: file.byteLength, sha1: sha1(file) }).toEqual({ size: artifact.file_size, sha1: artifact.sha1sum });
  expect(await readdir(dir())).toEqual(["app.tgz"]);
  // Twice from storage: the first body's bytes were lost with the thread.
  expect(storageRequests(twin).map((r) => r.status)).toEqual([200, 200]);
  expect(fileThread()).toBeUndefined();
});
