/**
 * Resuming: a file already at its place with the size and SHA-1 the API gives is kept as it is;
 * anything else there (a file cut short, another build's) is downloaded again over it. Each
 * folder the files go to is listed once, so a file that is not there costs no stat of its own.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";

/**
 * Whether each of `files` may be at its place, from one listing per folder: a folder that is not
 * there holds nothing; one that cannot be read says nothing, and its files are each looked at.
 */
export async function listed(files: readonly string[]): Promise<(file: string) => boolean> {
  const dirs = [...new Set(files.map((file) => dirname(file)))];
  const listings = await Promise.all(
    dirs.map((dir) =>
      readdir(dir).then(
        (names) => new Set(names),
        (error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? new Set<string>() : undefined),
      ),
    ),
  );
  const folders = new Map(dirs.map((dir, i) => [dir, listings[i]]));
  return (file) => folders.get(dirname(file))?.has(basename(file)) ?? true;
}

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
