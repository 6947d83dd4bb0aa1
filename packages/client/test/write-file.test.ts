import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeHashedHere } from "../src/file-thread.js";
import { BATCH_BYTES, rest, writeFile } from "../src/write-file.js";
import { fileWriterContract } from "./support/file-writer.js";
import { scratchDir } from "./support/scratch.js";

const dir = scratchDir("ci-artifacts-write-file-");

describe("writeFile", () => {
  // Through the fallback that hashes each batch once written, as downloads use it where no thread runs.
  fileWriterContract(writeHashedHere, dir);

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
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    // The first batch written and held, the second gathered, however long a loaded machine takes;
    // then a while more for a read that should not come.
    for (let turn = 0; turn < 2_000 && (handed.length === 0 || read < 32); turn++) await pause();
    for (let turn = 0; turn < 20 && read < 33; turn++) await pause();
    // The first batch is written and held; the second is gathered and waits: nothing more is read.
    expect(handed).toEqual([16]);
    expect(read).toBe(32);
    expect((await readFile(file)).byteLength).toBe(BATCH_BYTES);
    open();
    await done;
    expect(handed).toEqual([16, 16, 16, 16]);
    expect((await readFile(file)).byteLength).toBe(4 * BATCH_BYTES);
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
