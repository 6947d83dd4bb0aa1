// Writing a download to a file from the main thread, where no file thread runs (file-thread.ts).
// A body arrives in chunks of up to 64 KiB; written one by one through a WriteStream, each costs a
// write call through libuv's thread pool and the stream's bookkeeping, which on loopback is more
// CPU than receiving it. Chunks are gathered instead (`batches`, which the file thread's downloads
// share) and written with one writev per batch, the next batch gathered while one is written.
/// <reference types="node" />
import { type FileHandle, open } from "node:fs/promises";

/** Bytes gathered before a batch is written: 16 chunks of 64 KiB; at most two batches are held. */
export const BATCH_BYTES = 1 << 20;

/**
 * Writes every chunk of `chunks` to `path` (created or truncated) in order; the file is closed when
 * it resolves or rejects. Each batch is handed to `written`, in order, once it is in the file; while
 * the promise `written` returns (if any) is pending, no further batch is written, and the source
 * is read one batch ahead at most.
 */
export async function writeFile(
  path: string,
  chunks: AsyncIterable<Uint8Array>,
  written: (batch: Uint8Array[]) => Promise<void> | undefined = () => undefined,
): Promise<void> {
  const handle = await open(path, "w");
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const { chunks: batch, size } of batches(chunks)) {
      await writing;
      writing = writeAll(handle, batch, size).then(() => written(batch));
      // Read on while it is written; a failure is met at the next await of `writing`.
      writing.catch(() => undefined);
    }
    await writing;
  } finally {
    // A read that failed leaves a write perhaps in flight: the handle closes after it.
    await writing.catch(() => undefined);
    await handle.close();
  }
}

/** The chunks of `chunks` in order, gathered into batches of BATCH_BYTES or more; the last may be smaller, none empty. */
export async function* batches(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ chunks: Uint8Array[]; size: number }> {
  let batch: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    batch.push(chunk);
    size += chunk.byteLength;
    if (size < BATCH_BYTES) continue;
    yield { chunks: batch, size };
    batch = [];
    size = 0;
  }
  if (size > 0) yield { chunks: batch, size };
}

/** writev until every byte is written: a file may take fewer bytes than asked in one call. */
async function writeAll(handle: FileHandle, buffers: Uint8Array[], size: number): Promise<void> {
  let left = buffers;
  for (let todo = size; todo > 0; ) {
    const { bytesWritten } = await handle.writev(left);
    if (bytesWritten === 0) throw new Error(`the file took 0 of ${todo} bytes`);
    todo -= bytesWritten;
    if (todo > 0) left = rest(left, bytesWritten);
  }
}

/** What is left of `buffers` once `written` bytes of them are written. */
export function rest(buffers: Uint8Array[], written: number): Uint8Array[] {
  let skip = written;
  let index = 0;
  for (; index < buffers.length; index++) {
    const length = (buffers[index] as Uint8Array).byteLength;
    if (skip < length) break;
    skip -= length;
  }
  const left = buffers.slice(index);
  if (left.length > 0 && skip > 0) left[0] = (left[0] as Uint8Array).subarray(skip);
  return left;
}
