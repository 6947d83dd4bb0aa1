// The thread that hashes downloads (see sha1.ts): one SHA-1 per id, fed batches in order,
// answering the digest when told the body has ended, and counting the bytes it has hashed where
// the main thread reads them (`hashed`, shared memory) to hold writers back when it falls behind.
/// <reference types="node" />
import { createHash, type Hash } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";

export type ToThread = { id: number; chunks: Uint8Array[]; end: boolean } | { id: number; drop: true };
export type FromThread = { id: number; sha1: string };
export interface ThreadData {
  /** One counter: the bytes hashed so far, modulo 2^32. */
  hashed: Int32Array;
}

const { hashed } = workerData as ThreadData;

const hashes = new Map<number, Hash>();

parentPort?.on("message", (message: ToThread) => {
  if ("drop" in message) {
    hashes.delete(message.id);
    return;
  }
  const hash = hashes.get(message.id) ?? createHash("sha1");
  hashes.set(message.id, hash);
  let bytes = 0;
  for (const chunk of message.chunks) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  if (bytes > 0) {
    Atomics.add(hashed, 0, bytes);
    Atomics.notify(hashed, 0);
  }
  if (!message.end) return;
  hashes.delete(message.id);
  parentPort?.postMessage({ id: message.id, sha1: hash.digest("hex") } satisfies FromThread);
});
