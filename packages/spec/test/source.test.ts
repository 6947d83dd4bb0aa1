import { describe, expect, it } from "vitest";
import { parseSource } from "../dist/index.js";

// Keys that need escaping, arrays of objects, a key given twice (the last wins), a string that
// looks like JSON, and a line break written as \r\n.
const json = [
  "{",
  '  "openapi": "3.1.0",',
  '  "paths": {',
  '    "/a/{id}": { "get": { "responses": { "200": { "description": "{\\"not\\": [1]}" } } } },',
  '    "~tilde": [1, {"x": 2}, [3, {"y": [4, 5]}]]',
  "  },",
  '  "dup": {"k": 1},',
  '  "dup": {"k": 2, "more": {"deep": true}},',
  '  "last": "ü"',
  "}",
].join("\n");

const pointers = [
  "#",
  "#/openapi",
  "#/paths/~1a~1{id}/get/responses/200/description",
  "#/paths/~0tilde/1/x",
  "#/paths/~0tilde/2/1/y/1",
  "#/paths/~0tilde/2/1/y/7",
  "#/paths/~0tilde/01",
  "#/dup/more/deep",
  "#/dup/k",
  "#/last",
  "#/missing/deeper",
  "#/paths/~1a~1{id}/post",
];

describe("locateAll", () => {
  it.each([
    { name: "JSON, one pass of the visitor", given: json },
    { name: "JSON with CRLF line breaks", given: json.replaceAll("\n", "\r\n") },
    { name: "YAML", given: "openapi: 3.1.0\npaths:\n  /a/{id}:\n    get: {}\n  ~tilde: [1, {x: 2}]\nlast: x\n" },
  ])("gives what locate gives, pointer by pointer: $name", ({ given }) => {
    const source = parseSource(given, "doc");
    const want = pointers.map((pointer) => source.locate(pointer));
    expect(want.filter((at) => at !== undefined).length).toBeGreaterThan(4);
    expect(source.locateAll?.(pointers)).toEqual(want);
  });

  it.each([
    { name: "a key given twice: the last", given: "#/dup/k", want: { file: "doc", line: 8, column: 11 } },
    { name: "an array item: the item", given: "#/paths/~0tilde/2/1/y/1", want: { file: "doc", line: 5, column: 43 } },
    {
      name: "past the data: the deepest node on the way",
      given: "#/dup/more/deep/x",
      want: { file: "doc", line: 8, column: 28 },
    },
  ])("positions: $name", ({ given, want }) => {
    expect(parseSource(json, "doc").locateAll?.([given])).toEqual([want]);
  });
});
