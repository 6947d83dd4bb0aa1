import { describe, expect, it } from "vitest";
import { escapeSegment, getAt, parsePointer, toPointer, unescapeSegment } from "../dist/index.js";

describe("JSON pointers (RFC 6901) in URI-fragment form", () => {
  it.each([
    { name: "a path with slashes", given: ["paths", "/a/{id}"], want: "#/paths/~1a~1{id}" },
    { name: "a tilde before a slash", given: ["x", "~/"], want: "#/x/~0~1" },
    { name: "an index", given: ["tags", 0], want: "#/tags/0" },
    { name: "the root", given: [], want: "#" },
  ])("toPointer: $name", ({ given, want }) => {
    expect(toPointer(given)).toBe(want);
  });

  it.each([
    { name: "escapes undone, ~1 before ~0", given: "#/x/~01", want: ["x", "~1"] },
    { name: "without the #", given: "/paths/~1a", want: ["paths", "/a"] },
    { name: "percent-encoding of the fragment", given: "#/paths/~1a%7Bid%7D", want: ["paths", "/a{id}"] },
    { name: "a lone % kept", given: "#/x/100%", want: ["x", "100%"] },
    { name: "the root", given: "#", want: [] },
    { name: "the empty key", given: "#/", want: [""] },
  ])("parsePointer: $name", ({ given, want }) => {
    expect(parsePointer(given)).toEqual(want);
  });

  it("refuses what is not a pointer, naming it", () => {
    expect(() => parsePointer("#paths")).toThrow("not a JSON pointer: #paths");
  });

  it.each(["~", "/", "a~b/c", "~1"])("escape and unescape are inverse for %j", (segment) => {
    expect(unescapeSegment(escapeSegment(segment))).toBe(segment);
  });

  it.each([
    { name: "into objects and arrays", given: ["a", "1", "b"], want: 2 },
    { name: "a missing key", given: ["a", "9"], want: undefined },
    { name: "no inherited keys", given: ["toString"], want: undefined },
    { name: "no leading zeros in indexes", given: ["a", "01"], want: undefined },
  ])("getAt: $name", ({ given, want }) => {
    expect(getAt({ a: [{ b: 1 }, { b: 2 }] }, given)).toBe(want);
  });
});
