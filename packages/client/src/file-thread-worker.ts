// The thread that writes downloads to their files (see file-thread.ts): per id one file, opened
// with its first batch, fed batches in order, each hashed (SHA-1) and written a group of chunks at
// a time while their bytes are in the cache, and closed when told the body has ended, answering
// the digest. It counts the bytes it has taken where the main thread reads them (`taken`, shared
// memory), to hold downloads back when it falls behind. A file that fails answers its error once,
// closed; what comes for it after is counted and dropped.
/// <reference types="node" />
import { createHash, type Hash } from "node:crypto";
import { closeSync, openSync, writevSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { rest } from "./write-file.js";

/** A file's bytes, the first batch naming the file to open (or its end, for a file with none). */
export type ToThread =
  | { id: number; open?: string | undefined; chunks: Uint8Array[]; end: boolean }
  | { id: number; drop: true };

/** What an fs call threw, as it can cross threads: an Error's own fields do not. */
export interface ThreadFsError {
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
}

export type FromThread =
  | { id: number; sha1: string }
  | { id: number; error: ThreadFsError }
  /** Answers a drop: the file is closed (or was never open). */
  | { id: number; closed: true };

export interface ThreadData {
  /** One counter: the bytes taken so far (written, or dropped with a failed file), modulo 2^32. */
  taken: Int32Array;
}

const { taken } = workerData as ThreadData;

/** Bytes hashed before they are written: a quarter of a batch (four chunks of 64 KiB). */
const GROUP_BYTES = 256 << 10;

interface OpenFile {
  fd: number;
  hash: Hash;
}

const files = new Map<number, OpenFile>();

const answer = (message: FromThread) => parentPort?.postMessage(message);

parentPort?.on("message", (message: ToThread) => {
  const { id } = message;
  if ("drop" in message) {
    const file = files.get(id);
    files.delete(id);
    if (file) closeQuietly(file.fd);
    answer({ id, closed: true });
    return;
  }
  const bytes = message.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  if (message.open !== undefined) {
    try {
      files.set(id, { fd: openSync(message.open, "w"), hash: createHash("sha1") });
    } catch (error) {
      fail(id, error);
    }
  }
  const file = files.get(id);
  if (file) {
    try {
      writeHashedGroups(file, message.chunks);
      if (message.end) {
        files.delete(id);
        closeSync(file.fd);
        answer({ id, sha1: file.hash.digest("hex") });
      }
    } catch (error) {
      fail(id, error);
    }
  }
  if (bytes > 0) {
    Atomics.add(taken, 0, bytes);
    Atomics.notify(taken, 0);
  }
});

function fail(id: number, error: unknown): void {
  const file = files.get(id);
  files.delete(id);
  if (file) closeQuietly(file.fd);
  const { message, code, errno, syscall, path } = error as NodeJS.ErrnoException;
  answer({
    id,
    error: {
      message: String(message),
      ...(code !== undefined && { code }),
      ...(errno !== undefined && { errno }),
      ...(syscall !== undefined && { syscall }),
      ...(path !== undefined && { path }),
    },
  });
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {}
}

/**
 * Hashes a batch's chunks and writes them a group of GROUP_BYTES or so at a time, each group
 * while its bytes are still in the core's cache from hashing. A whole 1 MiB batch hashed, then
 * written in one writev, has left that cache by the time the kernel copies it: over 300 files of
 * 1 MiB, the kernel's copy took 0.37 to 0.56 s that way and 0.05 to 0.07 s in groups of 256 KiB.
 */
function writeHashedGroups(file: OpenFile, chunks: Uint8Array[]): void {
  let group: Uint8Array[] = [];
  let size = 0;
  for (const chunk of chunks) {
    file.hash.update(chunk);
    group.push(chunk);
    size += chunk.byteLength;
    if (size < GROUP_BYTES) continue;
    writeAll(file.fd, group, size);
    group = [];
    size = 0;
  }
  if (size > 0) writeAll(file.fd, group, size);
}

/** writev until every byte is written: a file may take fewer bytes than asked in one call. */
function writeAll(fd: number, buffers: Uint8Array[], size: number): void {
  let left = buffers;
  for (let todo = size; todo > 0; ) {
    const written = writevSync(fd, left);
    if (written === 0) throw new Error(`the file took 0 of ${todo} bytes`);
    todo -= written;
    if (todo > 0) left = rest(left, written);
  }
}
