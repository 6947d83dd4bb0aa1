// What both ways of writing a download to its file promise (write-file.ts from the main thread,
// file-thread.ts on a thread of its own): every chunk in order and the SHA-1 of them all, a file
// already there truncated, and the source's or the file's error passed on once the file is closed.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import { BATCH_BYTES } from "../../src/write-file.js";

/** Writes `chunks` to `path` and resolves with their SHA-1. */
export type HashedWrite = (path: string, chunks: AsyncIterable<Uint8Array>) => Promise<string>;

/** Chunks of the sizes given, each its own buffer as undici gives them, each byte telling its place and `seed`. */
export function chunksOf(sizes: number[], seed = 0): Uint8Array[] {
  let at = seed;
  return sizes.map((size) => Uint8Array.from({ length: size }, () => at++ % 251));
}

export function sha1(chunks: Uint8Array[]): string {
  const hash = createHash("sha1");
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest("hex");
}

/** The chunks as a body gives them: one per turn of the event loop, so that other work comes between. */
export async function* from(chunks: Uint8Array[], fail?: { after: number; error: Error }) {
  for (const [index, chunk] of chunks.entries()) {
    await new Promise((resolve) => setImmediate(resolve));
    if (fail && index === fail.after) throw fail.error;
    yield chunk;
  }
}

/** Copies of the chunks, kept for comparing once the chunks' own buffers may be gone. */
export const copies = (chunks: Uint8Array[]) => chunks.map((chunk) => chunk.slice());

const openFds = () => (existsSync("/proc/self/fd") ? readdir("/proc/self/fd").then((fds) => fds.length) : 0);

/** The tests of what every HashedWrite promises, in the describe block it is called from. */
export function fileWriterContract(write: HashedWrite, dir: () => string): void {
  it.each([
    { name: "nothing", sizes: [] },
    { name: "one small chunk", sizes: [5] },
    { name: "chunks under one batch", sizes: [65_536, 65_536, 100] },
    { name: "exactly one batch", sizes: Array.from({ length: 16 }, () => 65_536) },
    { name: "batches and a rest, odd sizes", sizes: Array.from({ length: 70 }, (_, i) => 40_000 + i * 997) },
  ])("writes and hashes $name in order", async ({ sizes }) => {
    const chunks = chunksOf(sizes);
    const want = copies(chunks);
    const file = path.join(dir(), "out.bin");
    expect(await write(file, from(chunks))).toBe(sha1(want));
    expect(Buffer.compare(await readFile(file), Buffer.concat(want))).toBe(0);
  });

  it("keeps files written together apart", async () => {
    const sizes = Array.from({ length: 40 }, () => 50_000);
    const [a, b] = [chunksOf(sizes, 1), chunksOf(sizes, 7)];
    const want = [copies(a), copies(b)];
    const [fileA, fileB] = [path.join(dir(), "a.bin"), path.join(dir(), "b.bin")];
    expect(await Promise.all([write(fileA, from(a)), write(fileB, from(b))])).toEqual(want.map(sha1));
    const written = await Promise.all([readFile(fileA), readFile(fileB)]);
    expect(written.map((data, i) => Buffer.compare(data, Buffer.concat(want[i] as Uint8Array[])))).toEqual([0, 0]);
  });

  it("truncates a file already there", async () => {
    const file = path.join(dir(), "out.bin");
    await write(file, from(chunksOf([3 * BATCH_BYTES])));
    await write(file, from([Uint8Array.of(1, 2, 3)]));
    expect([...(await readFile(file))]).toEqual([1, 2, 3]);
  });

  it("rejects with the source's error once the file is closed, what was handed over written", async () => {
    const before = await openFds();
    const file = path.join(dir(), "out.bin");
    const error = new Error("the body was cut");
    const chunks = chunksOf(Array.from({ length: 40 }, () => 65_536));
    await expect(write(file, from(chunks, { after: 20, error }))).rejects.toBe(error);
    // 16 chunks made the first batch, handed over before the source failed: it is written, the rest not.
    expect((await readFile(file)).byteLength).toBe(BATCH_BYTES);
    expect(await openFds()).toBe(before);
  });

  it("rejects with the open's error for a folder that is not there, naming the file", async () => {
    const file = path.join(dir(), "no", "such", "out.bin");
    const failed = write(file, from(chunksOf([1_000])));
    await expect(failed).rejects.toMatchObject({ code: "ENOENT", syscall: "open", path: file });
    await expect(failed).rejects.toThrow(file);
  });
}
