// The SHA-1 of downloads to a file runs on a thread of its own (dist/sha1.js, as the package
// ships it: its thread is the compiled sha1-thread.js beside it).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createSha1, HASH_AHEAD_BYTES, HashThreadError, hashThread } from "../dist/sha1.js";

const SHA1_JS = fileURLToPath(new URL("../dist/sha1.js", import.meta.url));

/** `count` chunks of `size` bytes, each its own buffer as undici gives them, their bytes from `seed`. */
function chunks(count: number, size: number, seed: number): Uint8Array[] {
  return Array.from({ length: count }, (_, c) =>
    Uint8Array.from({ length: size }, (_, i) => (seed + c * 31 + i) % 256),
  );
}
const expected = (batches: Uint8Array[][]) => {
  const hash = createHash("sha1");
  for (const chunk of batches.flat()) hash.update(chunk);
  return hash.digest("hex");
};

/** Runs `code` (an ES module importing sha1.js as `SHA1`) in a node process; its output and exit code. */
function runNode(code: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // A process the thread kept alive is stopped: it shows as `code: null`.
    const script = code.replaceAll("SHA1", JSON.stringify(SHA1_JS));
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

describe("createSha1 on its thread", () => {
  it("hashes batches in order, their buffers moved to the thread, not copied", async () => {
    const batches = [chunks(3, 65_536, 1), chunks(2, 1_000, 2), chunks(1, 7, 3)];
    const want = expected(batches);
    const sha = createSha1();
    expect(hashThread()).toBeDefined();
    for (const batch of batches) {
      sha.update(batch);
      // Moved: the buffers are detached here, which only a transfer to another thread does.
      expect(batch.map((chunk) => chunk.byteLength)).toEqual(batch.map(() => 0));
    }
    expect(await sha.digest()).toBe(want);
  });

  it("copies chunks that share a buffer instead of moving it", async () => {
    const whole = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    const parts = [whole.subarray(0, 100), whole.subarray(100, 300)];
    const sha = createSha1();
    sha.update(parts);
    expect(whole.byteLength).toBe(300);
    expect(await sha.digest()).toBe(expected([[whole]]));
  });

  it("keeps hashes started together apart, one dropped without its digest", async () => {
    const a = [chunks(2, 4_096, 10), chunks(2, 4_096, 11)];
    const b = [chunks(2, 4_096, 20), chunks(2, 4_096, 21)];
    const want = [expected(a), expected(b)];
    const [one, two, dropped] = [createSha1(), createSha1(), createSha1()];
    dropped.update(chunks(1, 100, 30));
    one.update(a[0] as Uint8Array[]);
    two.update(b[0] as Uint8Array[]);
    dropped.drop();
    one.update(a[1] as Uint8Array[]);
    two.update(b[1] as Uint8Array[]);
    expect(await Promise.all([one.digest(), two.digest()])).toEqual(want);
  });

  it("holds a writer back while the thread is more than HASH_AHEAD_BYTES behind", async () => {
    const sha = createSha1();
    const small = chunks(1, 1_000, 50);
    const want = expected([small, [new Uint8Array(256 << 20)]]);
    expect(sha.update(small)).toBeUndefined();
    // 256 MiB, 16 times the allowance: the thread takes a good part of a second over them.
    const held = sha.update([new Uint8Array(256 << 20)]);
    expect(held).toBeInstanceOf(Promise);
    let through = false;
    void held?.then(() => {
      through = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(through).toBe(false);
    await held;
    // Caught up: the next batch goes straight through.
    expect(sha.update([])).toBeUndefined();
    expect(await sha.digest()).toBe(want);
    expect(HASH_AHEAD_BYTES).toBe(16 << 20);
  });

  it("keeps a process alive while a digest is owed, and lets it exit once none is", async () => {
    const ran = await runNode(`
      const { createSha1 } = await import(SHA1);
      const sha = createSha1();
      sha.update([new Uint8Array(1_000_000)]);
      sha.digest().then((hex) => console.log("digest", hex));
    `);
    expect(ran).toEqual({ code: 0, output: `digest ${expected([[new Uint8Array(1_000_000)]])}` });
  });
});

// Last in this file: once stopped, the thread is not started again in this process.
describe("createSha1 when its thread stops", () => {
  it("rejects what the thread held with a HashThreadError, then hashes on the main thread", async () => {
    const held = createSha1();
    held.update(chunks(1, 1_000, 40));
    // A writer held back when the thread stops goes on; its digest rejects.
    const writer = held.update([new Uint8Array(256 << 20)]);
    expect(writer).toBeInstanceOf(Promise);
    const thread = hashThread();
    expect(thread).toBeDefined();
    await thread?.terminate();
    await expect(writer).resolves.toBeUndefined();
    await expect(held.digest()).rejects.toBeInstanceOf(HashThreadError);
    expect(hashThread()).toBeUndefined();
    const batches = [chunks(2, 5_000, 41)];
    const want = expected(batches);
    const inline = createSha1();
    inline.update(batches[0] as Uint8Array[]);
    // On the main thread: nothing moved.
    expect(batches[0]?.map((chunk) => chunk.byteLength)).toEqual([5_000, 5_000]);
    expect(await inline.digest()).toBe(want);
  });
});
