// The thread that hashes downloads (see sha1.ts): one SHA-1 per id, fed batches in order,
// answering the digest when told the body has ended.
/// <reference types="node" />
import { createHash, type Hash } from "node:crypto";
import { parentPort } from "node:worker_threads";

export type ToThread = { id: number; chunks: Uint8Array[]; end: boolean } | { id: number; drop: true };
export type FromThread = { id: number; sha1: string };

const hashes = new Map<number, Hash>();

parentPort?.on("message", (message: ToThread) => {
  if ("drop" in message) {
    hashes.delete(message.id);
    return;
  }
  const hash = hashes.get(message.id) ?? createHash("sha1");
  hashes.set(message.id, hash);
  for (const chunk of message.chunks) hash.update(chunk);
  if (!message.end) return;
  hashes.delete(message.id);
  parentPort?.postMessage({ id: message.id, sha1: hash.digest("hex") } satisfies FromThread);
});
