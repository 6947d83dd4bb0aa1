// The bytes the twin makes up for a file given no content: numbered lines naming the artifact, cut
// at its size, the same from one version to the next (a data file may hold their SHA-1).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bytesOf, type Content, digestOf, sha1 } from "../src/storage/content.js";

/** The file written one line at a time, each as much of it as fits. */
function lineByLine(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let n = 0, offset = 0; offset < size; n++) {
    offset += out.write(`${n} ${seed}: bytes made up by the ci-artifacts twin\n`, offset);
  }
  return out;
}

describe("made-up file bytes", () => {
  it("are numbered lines naming the artifact, cut at the size", () => {
    expect(bytesOf({ kind: "made", seed: "a1", size: 60 }).toString()).toBe(
      "0 a1: bytes made up by the ci-artifacts twin\n1 a1: bytes mad",
    );
    expect(bytesOf({ kind: "made", seed: "a1", size: 0 })).toEqual(Buffer.alloc(0));
  });

  it.each(["76365070-34d5-4104-8b91-000000000001", "é", "日本語🙂"])(
    "are those written line by line, at every size (seed %s)",
    (seed) => {
      for (const size of [1, 2, 47, 48, 1024, 65_535, 65_536, 65_537, 200_003]) {
        expect(bytesOf({ kind: "made", seed, size }).equals(lineByLine(seed, size)), `size ${size}`).toBe(true);
      }
    },
  );

  it("hash as SHA-1 hashes them", () => {
    const bytes = bytesOf({ kind: "made", seed: "x", size: 100_000 });
    expect(sha1(bytes)).toBe(createHash("sha1").update(bytes).digest("hex"));
  });
});

describe("digestOf", () => {
  it("is the SHA-1 of the content's bytes, computed once per content", () => {
    const made: Content = { kind: "made", seed: "a1", size: 100_000 };
    const given: Content = { kind: "given", bytes: Buffer.from("hello\n") };
    expect(digestOf(made)).toBe(sha1(bytesOf(made)));
    expect(digestOf(given)).toBe(createHash("sha1").update("hello\n").digest("hex"));
    // Kept: other bytes handed in later change nothing.
    expect(digestOf(made, Buffer.from("other"))).toBe(sha1(bytesOf(made)));
    // Per content: an equal but distinct content is computed from what it is handed.
    expect(digestOf({ ...made }, Buffer.from("other"))).toBe(sha1(Buffer.from("other")));
  });
});
