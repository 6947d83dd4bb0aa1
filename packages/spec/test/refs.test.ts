import { describe, expect, it } from "vitest";
import { follow, localRefs, resolve, resolveAt } from "../dist/index.js";

const document = {
  components: {
    schemas: {
      A: { $ref: "#/components/schemas/B" },
      B: { type: "string" },
      Loop1: { $ref: "#/components/schemas/Loop2" },
      Loop2: { $ref: "#/components/schemas/Loop1" },
      Remote: { $ref: "other.yaml#/Thing" },
    },
  },
};

describe("local references", () => {
  it.each([
    { name: "a chain, to its end", given: "#/components/schemas/A", want: "#/components/schemas/B" },
    { name: "no reference: itself", given: "#/components/schemas/B", want: "#/components/schemas/B" },
    { name: "a loop stops before repeating", given: "#/components/schemas/Loop1", want: "#/components/schemas/Loop1" },
    {
      name: "another file's reference is not followed",
      given: "#/components/schemas/Remote",
      want: "#/components/schemas/Remote",
    },
  ])("follow: $name", ({ given, want }) => {
    expect(follow(document, given)).toBe(want);
  });

  it("resolve gives the value and where it was read", () => {
    expect(resolve(document, { $ref: "#/components/schemas/A" }, "#/x")).toEqual({
      value: { type: "string" },
      pointer: "#/components/schemas/B",
    });
    expect(resolveAt(document, "#/components/schemas/B").value).toEqual({ type: "string" });
  });

  it("localRefs lists every local target, not other files'", () => {
    expect(localRefs(document)).toEqual([
      "#/components/schemas/B",
      "#/components/schemas/Loop2",
      "#/components/schemas/Loop1",
    ]);
  });

  it.each([
    {
      name: "walks every key by default",
      given: undefined,
      want: ["#/components/schemas/Pet", "#/components/examples/rex"],
    },
    {
      name: "leaves out the values of the keys it is told to skip",
      given: new Set(["examples"]),
      want: ["#/components/schemas/Pet"],
    },
  ])("localRefs $name", ({ given, want }) => {
    const media = {
      schema: { $ref: "#/components/schemas/Pet" },
      examples: { rex: { $ref: "#/components/examples/rex" } },
    };
    expect(localRefs(media, [], given)).toEqual(want);
  });

  it("localRefs walks a property that is named like a skipped keyword", () => {
    const schema = {
      type: "object",
      properties: { examples: { $ref: "#/components/schemas/Sample" }, $ref: { $ref: "#/components/schemas/Link" } },
      examples: [{ examples: { $ref: "#/not/a/reference" } }],
    };
    expect(localRefs(schema, [], new Set(["example", "examples"]))).toEqual([
      "#/components/schemas/Sample",
      "#/components/schemas/Link",
    ]);
  });
});
