/**
 * The bytes of a stored file. A file given as text is served as it is; any other is made up,
 * readable and the same for the same artifact, and never kept in memory beyond one answer.
 */
import { createHash } from "node:crypto";

export type Content = { kind: "given"; bytes: Buffer } | { kind: "made"; seed: string; size: number };

export function bytesOf(content: Content): Buffer {
  if (content.kind === "given") return content.bytes;
  const line = `${content.seed}: bytes made up by the ci-artifacts twin\n`;
  const out = Buffer.alloc(content.size);
  let offset = 0;
  for (let n = 0; offset < out.length; n++) offset += out.write(`${n} ${line}`, offset);
  return out;
}

export function sha1(bytes: Buffer): string {
  return createHash("sha1").update(bytes).digest("hex");
}
