/**
 * The bytes of a stored file. A file given as text is served as it is; any other is made up,
 * readable and the same for the same artifact, and never kept in memory beyond one answer.
 */
import { hash } from "node:crypto";

export type Content = { kind: "given"; bytes: Buffer } | { kind: "made"; seed: string; size: number };

/** How many characters of made-up lines are written at once. */
const BATCH = 64 * 1024;
/** Every code unit below 0x80: one byte a character in UTF-8. */
const ASCII = /^[^\u0080-\uffff]*$/;

/** Numbered lines naming the artifact, cut at the file's size. */
export function bytesOf(content: Content): Buffer {
  if (content.kind === "given") return content.bytes;
  const line = `${content.seed}: bytes made up by the ci-artifacts twin\n`;
  const out = Buffer.alloc(content.size);
  let offset = 0;
  let n = 0;
  if (!ASCII.test(line)) {
    // A character that does not fit whole at the end is left out, and the next line starts there.
    for (; offset < out.length; n++) offset += out.write(`${n} ${line}`, offset);
    return out;
  }
  // One byte a character: lines are written a batch at a time, the last cut where the file ends.
  while (offset < out.length) {
    let batch = "";
    while (batch.length < BATCH && offset + batch.length < out.length) batch += `${n++} ${line}`;
    offset += out.write(batch, offset, "latin1");
  }
  return out;
}

export function sha1(bytes: Buffer): string {
  return hash("sha1", bytes, "hex");
}

const digests = new WeakMap<Content, string>();

/**
 * The SHA-1 of a content's bytes (`bytes` when the caller has them already), computed once per
 * content: the twin serves a file many times, and its ETag is that digest.
 */
export function digestOf(content: Content, bytes?: Buffer): string {
  let digest = digests.get(content);
  if (digest === undefined) {
    digest = sha1(bytes ?? bytesOf(content));
    digests.set(content, digest);
  }
  return digest;
}
