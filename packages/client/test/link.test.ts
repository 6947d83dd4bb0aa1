import { describe, expect, it } from "vitest";
import { nextLink } from "../src/link.js";

// The parser is internal (not exported by the package), so it is tested from source.
describe("nextLink", () => {
  it.each([
    { name: "no header", given: null, want: undefined },
    { name: "empty header", given: "", want: undefined },
    {
      name: "Buildkite's form",
      given: '<https://api.buildkite.com/v2/x?page=3>; rel="next", <https://api.buildkite.com/v2/x?page=9>; rel="last"',
      want: "https://api.buildkite.com/v2/x?page=3",
    },
    { name: "next not first", given: '<https://a/1>; rel="prev", <https://a/3>; rel="next"', want: "https://a/3" },
    { name: "unquoted rel", given: "<https://a/2>; rel=next", want: "https://a/2" },
    { name: "rel with several types", given: '<https://a/2>; rel="last next"', want: "https://a/2" },
    { name: "upper-case rel", given: '<https://a/2>; REL="Next"', want: "https://a/2" },
    {
      name: "other parameters and a comma in a quoted title",
      given: '<https://a/2>; title="a, b"; rel="next"',
      want: "https://a/2",
    },
    { name: "only the first rel counts", given: '<https://a/2>; rel="prev"; rel="next"', want: undefined },
    { name: "only last and first", given: '<https://a/1>; rel="first", <https://a/9>; rel="last"', want: undefined },
    { name: "a relative target", given: '</v2/x?page=2>; rel="next"', want: "/v2/x?page=2" },
  ])("$name", ({ given, want }) => {
    expect(nextLink(given)).toBe(want);
  });

  it.each([
    { name: "no angle brackets", given: 'https://a/2; rel="next"', want: /at character 0: expected '<'/ },
    { name: "unclosed target", given: '<https://a/2; rel="next"', want: /no closing '>'/ },
    { name: "unterminated quote", given: '<https://a/2>; rel="next', want: /unterminated quoted string/ },
    { name: "garbage after target", given: '<https://a/2> rel="next"', want: /expected ';' or ','/ },
    { name: "empty next target", given: '<>; rel="next"', want: /empty target/ },
  ])("rejects $name", ({ given, want }) => {
    expect(() => nextLink(given)).toThrow(want);
  });
});
