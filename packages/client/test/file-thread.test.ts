// Downloads to a file are written and hashed on a thread of their own (dist/file-thread.js, as
// the package ships it: its thread is the compiled file-thread-worker.js beside it).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AHEAD_BYTES, FileThreadError, fileThread, writeHashed } from "../dist/file-thread.js";
import { BATCH_BYTES } from "../dist/write-file.js";
import { chunksOf, copies, fileWriterContract, from, sha1 } from "./support/file-writer.js";
import { scratchDir } from "./support/scratch.js";

const FILE_THREAD_JS = fileURLToPath(new URL("../dist/file-thread.js", import.meta.url));
const dir = scratchDir("ci-artifacts-file-thread-");

/** Runs `code` (an ES module importing file-thread.js as `FILE_THREAD`) in a node process; its output and exit code. */
function runNode(code: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // A process the thread kept alive is stopped: it shows as `code: null`.
    const script = code.replaceAll("FILE_THREAD", JSON.stringify(FILE_THREAD_JS));
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { timeout: 30_000 });
    let output = "";
    child.stdout.on("data", (data) => {
      output += data;
    });
    child.stderr.on("data", (data) => {
      output += data;
    });
    child.on("error", reject);
    child.on("close", (exit) => resolve({ code: exit, output: output.trim() }));
  });
}

describe("writeHashed on its thread", () => {
  fileWriterContract(writeHashed, dir);

  it("moves the chunks' buffers to the thread, not copying them", async () => {
    const chunks = chunksOf(Array.from({ length: 20 }, () => 65_536));
    const want = copies(chunks);
    const file = path.join(dir(), "out.bin");
    expect(await writeHashed(file, from(chunks))).toBe(sha1(want));
    expect(fileThread()).toBeDefined();
    // Moved: the buffers are detached here, which only a transfer to another thread does.
    expect(chunks.map((chunk) => chunk.byteLength)).toEqual(chunks.map(() => 0));
    expect(Buffer.compare(await readFile(file), Buffer.concat(want))).toBe(0);
  });

  it("copies chunks that share a buffer instead of moving it", async () => {
    const whole = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    const file = path.join(dir(), "out.bin");
    expect(await writeHashed(file, from([whole.subarray(0, 100), whole.subarray(100, 300)]))).toBe(sha1([whole]));
    expect(whole.byteLength).toBe(300);
    expect(Buffer.compare(await readFile(file), whole)).toBe(0);
  });

  it("reads no further while the thread is more than AHEAD_BYTES behind", async () => {
    let read = 0;
    let through = false;
    async function* source() {
      read++;
      // 256 MiB in one batch, 16 times the allowance: the thread takes a good part of a second over it.
      yield new Uint8Array(256 << 20);
      through = true;
      read++;
      yield Uint8Array.of(1);
    }
    const done = writeHashed("/dev/null", source());
    await new Promise((resolve) => setImmediate(resolve));
    expect({ read, through }).toEqual({ read: 1, through: false });
    expect(await done).toBe(sha1([new Uint8Array(256 << 20), Uint8Array.of(1)]));
    expect(read).toBe(2);
    expect(AHEAD_BYTES).toBe(16 << 20);
  });

  it.runIf(existsSync("/dev/full"))("rejects when the disk refuses the bytes, and stops reading", async () => {
    // Until the thread's error is in, the source is read as far as AHEAD_BYTES lets it run ahead of
    // the thread (which may be slow to get a core); once it is in, no further than the batch being
    // gathered. A source four times that long is never read to its end.
    const chunk = 65_536;
    const length = (4 * AHEAD_BYTES) / chunk;
    let read = 0;
    let stopped = false;
    async function* source() {
      try {
        for (; read < length; read++) {
          await new Promise((resolve) => setImmediate(resolve));
          yield new Uint8Array(chunk);
        }
      } finally {
        stopped = true;
      }
    }
    await expect(writeHashed("/dev/full", source())).rejects.toMatchObject({ code: "ENOSPC", syscall: "write" });
    expect(stopped).toBe(true);
    expect(read * chunk).toBeLessThanOrEqual(AHEAD_BYTES + 3 * BATCH_BYTES);
  });

  it("keeps a process alive while a file is owed, and lets it exit once none is", async () => {
    const file = path.join(dir(), "out.bin");
    const ran = await runNode(`
      const { writeHashed } = await import(FILE_THREAD);
      async function* body() { yield new Uint8Array(1_000_000); }
      writeHashed(${JSON.stringify(file)}, body()).then((hex) => console.log("sha1", hex));
    `);
    expect(ran).toEqual({ code: 0, output: `sha1 ${sha1([new Uint8Array(1_000_000)])}` });
    expect((await readFile(file)).byteLength).toBe(1_000_000);
  });
});

// Last in this file: once stopped, the thread is not started again in this process.
describe("writeHashed when its thread stops", () => {
  it("rejects what the thread held with a FileThreadError, then writes from the main thread", async () => {
    let go = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      go = resolve;
    });
    async function* held() {
      yield new Uint8Array(BATCH_BYTES);
      await gate;
      yield new Uint8Array(BATCH_BYTES);
    }
    const writing = writeHashed(path.join(dir(), "held.bin"), held());
    await new Promise((resolve) => setImmediate(resolve));
    const thread = fileThread();
    expect(thread).toBeDefined();
    await thread?.terminate();
    go();
    await expect(writing).rejects.toBeInstanceOf(FileThreadError);
    expect(fileThread()).toBeUndefined();
    const chunks = chunksOf([5_000, 5_000], 3);
    const want = copies(chunks);
    const file = path.join(dir(), "out.bin");
    expect(await writeHashed(file, from(chunks))).toBe(sha1(want));
    // From the main thread: nothing moved.
    expect(chunks.map((chunk) => chunk.byteLength)).toEqual([5_000, 5_000]);
    expect(Buffer.compare(await readFile(file), Buffer.concat(want))).toBe(0);
  });
});
