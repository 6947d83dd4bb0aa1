// SHA-1 of a download written to a file, computed on a thread of its own. On the main thread,
// hashing every byte is the largest single cost of a verified download (SHA-1 of 300 MiB takes
// about 0.3 s there, with the bytes fresh from the socket), and the main thread is the one that
// reads the sockets. A batch goes to the thread once it is written to the file: its buffers are
// moved, not copied, and the file keeps what the thread hashes in the same order. Where the thread
// hashes slower than the bytes come (a CPU without SHA instructions, a fast link), a writer is held
// back once it is more than HASH_AHEAD_BYTES behind, so the batches waiting for it stay bounded.
/// <reference types="node" />
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { FromThread, ThreadData, ToThread } from "./sha1-thread.js";

/** How far the thread may be behind the bytes handed to it (all downloads together) before `update` holds back. */
export const HASH_AHEAD_BYTES = 16 << 20;

export interface Sha1 {
  /**
   * Adds bytes in order; the buffers may be taken (detached), so they must not be used after. A
   * promise when the thread is more than HASH_AHEAD_BYTES behind: more bytes should wait for it.
   */
  update(chunks: Uint8Array[]): Promise<void> | undefined;
  /** The digest of every byte added, lowercase hex. */
  digest(): Promise<string>;
  /** Stops without a digest. */
  drop(): void;
}

/** The thread stopped before answering: the bytes it held are gone, and the download must start over. */
export class HashThreadError extends Error {
  override name = "HashThreadError";
}

interface Thread {
  worker: Worker;
  waiting: Map<number, { resolve(sha1: string): void; reject(error: unknown): void }>;
  active: number;
  /** The bytes handed to the thread, and (shared with it) those it has hashed, both modulo 2^32. */
  posted: number;
  hashed: Int32Array;
}

let thread: Thread | undefined;
/** Set once a thread failed: hashing stays on the main thread from then on. */
let failed = false;
let ids = 0;

/** A SHA-1 on the hashing thread, or on the main thread once that thread has failed. */
export function createSha1(): Sha1 {
  const current = failed ? undefined : (thread ?? start());
  return current ? onThread(current) : inlineSha1();
}

function start(): Thread | undefined {
  let worker: Worker;
  const hashed = new Int32Array(new SharedArrayBuffer(4));
  try {
    // Not the process's own flags: some (--input-type, a loader's) are refused by or useless to a worker.
    const workerData: ThreadData = { hashed };
    worker = new Worker(new URL("./sha1-thread.js", import.meta.url), { execArgv: [], workerData });
  } catch {
    failed = true;
    return undefined;
  }
  const started: Thread = { worker, waiting: new Map(), active: 0, posted: 0, hashed };
  worker.on("message", ({ id, sha1 }: FromThread) => {
    const waiting = started.waiting.get(id);
    started.waiting.delete(id);
    waiting?.resolve(sha1);
  });
  const stop = (cause: unknown) => {
    failed = true;
    if (thread === started) thread = undefined;
    for (const waiting of started.waiting.values()) {
      waiting.reject(new HashThreadError("the hashing thread stopped", { cause }));
    }
    started.waiting.clear();
    // Writers held back for it go on: their digest rejects.
    Atomics.notify(hashed, 0);
  };
  worker.on("error", stop);
  worker.on("exit", (code) => stop(new Error(`exit code ${code}`)));
  // Idle, the thread does not keep the process alive.
  worker.unref();
  thread = started;
  return started;
}

function onThread(current: Thread): Sha1 {
  const id = ids++;
  let done = false;
  if (current.active++ === 0) current.worker.ref();
  const finish = () => {
    if (done) return;
    done = true;
    if (--current.active === 0) current.worker.unref();
  };
  return {
    update(chunks) {
      // Counted before they are moved: a moved buffer's length reads 0.
      for (const chunk of chunks) current.posted = (current.posted + chunk.byteLength) | 0;
      send(current.worker, { id, chunks, end: false });
      return behind(current, Atomics.load(current.hashed, 0)) > HASH_AHEAD_BYTES ? caughtUp(current) : undefined;
    },
    digest() {
      return new Promise<string>((resolve, reject) => {
        if (thread !== current) {
          finish();
          reject(new HashThreadError("the hashing thread stopped"));
          return;
        }
        current.waiting.set(id, {
          resolve: (sha1) => {
            finish();
            resolve(sha1);
          },
          reject: (error) => {
            finish();
            reject(error);
          },
        });
        send(current.worker, { id, chunks: [], end: true });
      });
    },
    drop() {
      if (done) return;
      current.waiting.delete(id);
      if (thread === current) send(current.worker, { id, drop: true });
      finish();
    },
  };
}

/** The bytes handed to the thread that it has not hashed yet, `hashed` being the count it has. */
function behind(current: Thread, hashed: number): number {
  return (current.posted - hashed) | 0;
}

/** Resolves once the thread is HASH_AHEAD_BYTES behind or less, or has stopped. */
async function caughtUp(current: Thread): Promise<void> {
  for (;;) {
    const hashed = Atomics.load(current.hashed, 0);
    if (thread !== current || behind(current, hashed) <= HASH_AHEAD_BYTES) return;
    const wait = Atomics.waitAsync(current.hashed, 0, hashed);
    if (wait.async) await wait.value;
  }
}

/** Posts a message, the chunks' buffers moved where they can be (undici gives each chunk its own), else copied. */
function send(worker: Worker, message: ToThread): void {
  const transfer = "chunks" in message ? message.chunks.flatMap(ownBuffer) : [];
  try {
    worker.postMessage(message, transfer);
  } catch (error) {
    // A buffer Node marks untransferable (its pool's) is refused in a transfer list: copied instead.
    if (transfer.length === 0 || (error as { name?: unknown }).name !== "DataCloneError") throw error;
    worker.postMessage(message);
  }
}

/** A SHA-1 on the main thread, for bytes that cannot be moved (those a Writable keeps). */
export function inlineSha1(): Sha1 {
  const hash = createHash("sha1");
  return {
    update: (chunks) => {
      for (const chunk of chunks) hash.update(chunk);
      return undefined;
    },
    digest: () => Promise.resolve(hash.digest("hex")),
    drop: () => undefined,
  };
}

/** A chunk's buffer when the chunk is all of it. */
function ownBuffer(chunk: Uint8Array): ArrayBuffer[] {
  const { buffer } = chunk;
  return buffer instanceof ArrayBuffer && chunk.byteOffset === 0 && chunk.byteLength === buffer.byteLength
    ? [buffer]
    : [];
}

/** The hashing thread, if one runs: for tests that stop it. */
export function hashThread(): Worker | undefined {
  return thread?.worker;
}
