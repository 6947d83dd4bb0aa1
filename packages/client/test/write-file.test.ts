import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BATCH_BYTES, rest, writeFile } from "../src/write-file.js";
import { scratchDir } from "./support/scratch.js";

const dir = scratchDir("ci-artifacts-write-file-");

/** Chunks of the sizes given, each byte telling its place in the whole. */
function chunksOf(sizes: number[]): Uint8Array[] {
  let at = 0;
  return sizes.map((size) => Uint8Array.from({ length: size }, () => at++ % 251));
}

async function* from(chunks: Uint8Array[], fail?: { after: number; error: Error }) {
  for (const [index, chunk] of chunks.entries()) {
    if (fail && index === fail.after) throw fail.error;
    yield chunk;
  }
}

const openFds = () => (existsSync("/proc/self/fd") ? readdir("/proc/self/fd").then((fds) => fds.length) : 0);
const sha1 = (data: Uint8Array) => createHash("sha1").update(data).digest("hex");

describe("writeFile", () => {
  it.each([
    { name: "nothing", sizes: [] },
    { name: "one small chunk", sizes: [5] },
    { name: "chunks under one batch", sizes: [65_536, 65_536, 100] },
    { name: "exactly one batch", sizes: Array.from({ length: 16 }, () => 65_536) },
    { name: "batches and a rest, odd sizes", sizes: Array.from({ length: 70 }, (_, i) => 40_000 + i * 997) },
  ])("writes $name in order", async ({ sizes }) => {
    const chunks = chunksOf(sizes);
    const file = path.join(dir(), "out.bin");
    await writeFile(file, from(chunks));
    const written = await readFile(file);
    const whole = Buffer.concat(chunks);
    expect(written.byteLength).toBe(whole.byteLength);
    expect(sha1(written)).toBe(sha1(whole));
  });

  it("writes no further batch while the promise `written` returned is pending", async () => {
    let read = 0;
    async function* source() {
      while (read < 64) {
        read++;
        yield new Uint8Array(65_536);
      }
    }
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const handed: number[] = [];
    const file = path.join(dir(), "out.bin");
    const done = writeFile(file, source(), (batch) => {
      handed.push(batch.length);
      return handed.length === 1 ? gate : undefined;
    });
    for (let turn = 0; turn < 20 && read < 33; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
    // The first batch is written and held; the second is gathered and waits: nothing more is read.
    expect(handed).toEqual([16]);
    expect(read).toBe(32);
    expect((await readFile(file)).byteLength).toBe(BATCH_BYTES);
    open();
    await done;
    expect(handed).toEqual([16, 16, 16, 16]);
    expect((await readFile(file)).byteLength).toBe(4 * BATCH_BYTES);
  });

  it("truncates a file already there", async () => {
    const file = path.join(dir(), "out.bin");
    await writeFile(file, from(chunksOf([3 * BATCH_BYTES])));
    await writeFile(file, from([Uint8Array.of(1, 2, 3)]));
    expect([...(await readFile(file))]).toEqual([1, 2, 3]);
  });

  it("rejects with the source's error, after what was read is written, and closes the file", async () => {
    const before = await openFds();
    const file = path.join(dir(), "out.bin");
    const chunks = chunksOf(Array.from({ length: 40 }, () => 65_536));
    const error = new Error("the body was cut");
    await expect(writeFile(file, from(chunks, { after: 20, error }))).rejects.toBe(error);
    // 16 chunks made the first batch, in flight when the source failed: it is written, the rest not.
    expect((await readFile(file)).byteLength).toBe(BATCH_BYTES);
    expect(await openFds()).toBe(before);
  });

  it.runIf(existsSync("/dev/full"))("rejects when the disk refuses the bytes, and stops reading", async () => {
    let read = 0;
    let stopped = false;
    async function* source() {
      try {
        for (; read < 100; read++) yield new Uint8Array(65_536);
      } finally {
        stopped = true;
      }
    }
    await expect(writeFile("/dev/full", source())).rejects.toMatchObject({ code: "ENOSPC" });
    expect(stopped).toBe(true);
    // The failed batch is met before the third is gathered.
    expect(read).toBeLessThan(3 * 16 + 1);
  });

  it("rejects with the open's error for a folder that is not there", async () => {
    await expect(writeFile(path.join(dir(), "no", "such", "out.bin"), from([]))).rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});

describe("rest", () => {
  const parts = () => [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5), Uint8Array.of(6, 7, 8, 9)];
  const flat = (buffers: Uint8Array[]) => buffers.flatMap((b) => [...b]);

  it.each([
    [0, [1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [1, [2, 3, 4, 5, 6, 7, 8, 9]],
    [3, [4, 5, 6, 7, 8, 9]],
    [4, [5, 6, 7, 8, 9]],
    [5, [6, 7, 8, 9]],
    [8, [9]],
    [9, []],
  ])("after %i bytes written leaves %j", (written, left) => {
    expect(flat(rest(parts(), written))).toEqual(left);
  });

  it("does not change the buffers it is given", () => {
    const given = parts();
    rest(given, 4);
    expect(flat(given)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
