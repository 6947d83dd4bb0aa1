/**
 * Resuming: a file already at its place with the size and SHA-1 the API gives is kept as it is;
 * anything else there (a file cut short, another build's) is downloaded again over it.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";

export async function alreadyThere(
  file: string,
  expected: { file_size: number; sha1sum: string },
  signal: AbortSignal,
): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile() || info.size !== expected.file_size) return false;
  const hash = createHash("sha1");
  for await (const chunk of createReadStream(file, { signal })) hash.update(chunk as Buffer);
  return hash.digest("hex") === expected.sha1sum.toLowerCase();
}
