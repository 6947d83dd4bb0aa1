// Writing a download to its file, hashed (SHA-1) on the way, on a thread of its own. The main
// thread reads the sockets; it gathers a body's chunks into batches of up to 1 MiB and hands each
// batch to the thread, its buffers moved, not copied. The thread hashes and writes each batch
// 256 KiB at a time, while those bytes are still in the CPU's cache, with no trip through libuv's
// pool per call. Over 300 files of 1 MiB from loopback that costs about 0.3 s less CPU than
// writing from the main thread and hashing on a thread, or 10% of the run (BENCHMARKS.md, item 8),
// and writing in groups of 256 KiB about 0.3 s less again than whole batches. Where the thread is
// slower than the bytes come (a slow disk, a CPU without SHA instructions, a fast link), downloads
// are held back once it is more than AHEAD_BYTES behind, so the batches waiting for it stay
// bounded. Where no thread can start, or once it has stopped, files are written from the main
// thread (write-file.ts) and hashed there.
/// <reference types="node" />
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { FromThread, ThreadData, ThreadFsError, ToThread } from "./file-thread-worker.js";
import { batches, writeFile } from "./write-file.js";

/** How far the thread may be behind the bytes handed to it (all files together) before downloads wait. */
export const AHEAD_BYTES = 16 << 20;

/** The thread stopped before answering: the bytes it held are gone, and the download must start over. */
export class FileThreadError extends Error {
  override name = "FileThreadError";
}

interface Thread {
  worker: Worker;
  files: Map<number, OnThread>;
  /** The bytes handed to the thread, and (shared with it) those it has taken, both modulo 2^32. */
  posted: number;
  taken: Int32Array;
}

/** A file the thread writes: its error once it failed, and who waits for its answer. */
interface OnThread {
  error?: Error;
  waiter?: { resolve(sha1: string | undefined): void; reject(error: unknown): void } | undefined;
}

let thread: Thread | undefined;
/** Set once a thread failed: files are written from the main thread from then on. */
let failed = false;
let ids = 0;

/**
 * Writes every chunk of `chunks` to `path` (created or truncated), in order, and resolves with
 * their SHA-1 (lowercase hex) once the file is written and closed. It rejects with what the file
 * or the source threw, the file closed by then; a chunk's buffer may be taken (detached).
 */
export function writeHashed(path: string, chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const current = failed ? undefined : (thread ?? start());
  return current ? onThread(current, path, chunks) : writeHashedHere(path, chunks);
}

/** `writeHashed` on the main thread: where no thread can start, or once it has stopped. */
export async function writeHashedHere(path: string, chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash("sha1");
  await writeFile(path, chunks, (batch) => {
    for (const chunk of batch) hash.update(chunk);
    return undefined;
  });
  return hash.digest("hex");
}

async function onThread(current: Thread, path: string, chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const id = ids++;
  const file: OnThread = {};
  if (current.files.size === 0) current.worker.ref();
  current.files.set(id, file);
  try {
    // The file is opened with the first batch: one message fewer per file.
    let open: string | undefined = path;
    for await (const batch of batches(chunks)) {
      goingOn(current, file);
      send(current, { id, open, chunks: batch.chunks, end: false });
      open = undefined;
      if (behind(current) > AHEAD_BYTES) await caughtUp(current);
    }
    const end = { id, open, chunks: [], end: true };
    return (await answer(current, file, () => send(current, end))) as string;
  } catch (error) {
    // The file closed before the caller goes on (and perhaps removes it); not if the thread stopped.
    await answer(current, file, () => send(current, { id, drop: true })).catch(() => undefined);
    throw error;
  } finally {
    current.files.delete(id);
    // Idle, the thread does not keep the process alive.
    if (current.files.size === 0) current.worker.unref();
  }
}

/** Throws what stopped the file: its own error, or the thread's. */
function goingOn(current: Thread, file: OnThread): void {
  if (file.error) throw file.error;
  if (thread !== current) throw new FileThreadError("the file thread stopped");
}

/** Posts what `post` sends and resolves with the thread's answer for the file. */
function answer(current: Thread, file: OnThread, post: () => void): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    try {
      goingOn(current, file);
      file.waiter = { resolve, reject };
      post();
    } catch (error) {
      file.waiter = undefined;
      reject(error);
    }
  });
}

function start(): Thread | undefined {
  let worker: Worker;
  const taken = new Int32Array(new SharedArrayBuffer(4));
  try {
    // Not the process's own flags: some (--input-type, a loader's) are refused by or useless to a worker.
    const workerData: ThreadData = { taken };
    worker = new Worker(new URL("./file-thread-worker.js", import.meta.url), { execArgv: [], workerData });
  } catch {
    failed = true;
    return undefined;
  }
  const started: Thread = { worker, files: new Map(), posted: 0, taken };
  worker.on("message", (message: FromThread) => {
    const file = started.files.get(message.id);
    if (!file) return;
    const { waiter } = file;
    file.waiter = undefined;
    if ("error" in message) {
      file.error = fsError(message.error);
      waiter?.reject(file.error);
    } else waiter?.resolve("sha1" in message ? message.sha1 : undefined);
  });
  const stop = (cause: unknown) => {
    failed = true;
    if (thread === started) thread = undefined;
    for (const file of started.files.values()) {
      file.waiter?.reject(new FileThreadError("the file thread stopped", { cause }));
      file.waiter = undefined;
    }
    // Downloads held back for it go on, and meet the error.
    Atomics.notify(taken, 0);
  };
  worker.on("error", stop);
  worker.on("exit", (code) => stop(new Error(`exit code ${code}`)));
  worker.unref();
  thread = started;
  return started;
}

/** An fs error as Node throws it, from what the thread could send of it. */
function fsError({ message, ...fields }: ThreadFsError): Error {
  return Object.assign(new Error(message), fields);
}

/** The bytes handed to the thread that it has not taken yet. */
function behind(current: Thread, taken = Atomics.load(current.taken, 0)): number {
  return (current.posted - taken) | 0;
}

/** Resolves once the thread is AHEAD_BYTES behind or less, or has stopped. */
async function caughtUp(current: Thread): Promise<void> {
  for (;;) {
    const taken = Atomics.load(current.taken, 0);
    if (thread !== current || behind(current, taken) <= AHEAD_BYTES) return;
    const wait = Atomics.waitAsync(current.taken, 0, taken);
    if (wait.async) await wait.value;
  }
}

/** Posts a message, the chunks' buffers moved where they can be (undici gives each chunk its own), else copied. */
function send(current: Thread, message: ToThread): void {
  const transfer = "chunks" in message ? message.chunks.flatMap(ownBuffer) : [];
  // Counted before they are moved: a moved buffer's length reads 0.
  if ("chunks" in message) {
    for (const chunk of message.chunks) current.posted = (current.posted + chunk.byteLength) | 0;
  }
  try {
    current.worker.postMessage(message, transfer);
  } catch (error) {
    // A buffer Node marks untransferable (its pool's) is refused in a transfer list: copied instead.
    if (transfer.length === 0 || (error as { name?: unknown }).name !== "DataCloneError") throw error;
    current.worker.postMessage(message);
  }
}

/** A chunk's buffer when the chunk is all of it. */
function ownBuffer(chunk: Uint8Array): ArrayBuffer[] {
  const { buffer } = chunk;
  return buffer instanceof ArrayBuffer && chunk.byteOffset === 0 && chunk.byteLength === buffer.byteLength
    ? [buffer]
    : [];
}

/** The file thread, if one runs: for tests that stop it. */
export function fileThread(): Worker | undefined {
  return thread?.worker;
}
