import { getAt, parsePointer } from "@ci-artifacts/spec";
import { describe, expect, it } from "vitest";
import { Contract, InputError } from "../../dist/engine/index.js";
import { fixture } from "./helpers.js";

describe("bad input names the file and line", () => {
  it.each([
    {
      name: "a missing file",
      given: "no-such-file.yaml",
      want: { message: /^fixtures\/no-such-file\.yaml: cannot read file \(ENOENT\)$/, line: undefined },
    },
    {
      name: "invalid YAML",
      given: "invalid-yaml.yaml",
      want: { message: /^fixtures\/invalid-yaml\.yaml:4:\d+: invalid YAML: /, line: 4 },
    },
    {
      name: "invalid JSON",
      given: "invalid-json.json",
      want: { message: /^fixtures\/invalid-json\.json:3:\d+: invalid JSON: /, line: 3 },
    },
    {
      name: "Swagger 2.0",
      given: "swagger-2.0.yaml",
      want: { message: /^fixtures\/swagger-2\.0\.yaml:1:1: Swagger 2\.0 is not supported/, line: 1 },
    },
    {
      name: "not an OpenAPI document",
      given: "not-openapi.yaml",
      want: {
        message: /^fixtures\/not-openapi\.yaml:1:1: not an OpenAPI document: no `openapi` version field$/,
        line: 1,
      },
    },
  ])("$name", ({ given, want }) => {
    let thrown: unknown;
    try {
      Contract.load(fixture(given), { displayName: `fixtures/${given}` });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).message).toMatch(want.message);
    expect((thrown as InputError).line).toBe(want.line);
  });
});

describe("positions", () => {
  it.each([
    {
      name: "YAML: a key",
      given: { file: "formats.yaml", pointer: "#/components/schemas/Formats/properties/id" },
      want: { line: 11, column: 9 },
    },
    {
      name: "YAML: past the data, the deepest node on the way",
      given: { file: "formats.yaml", pointer: "#/components/schemas/Formats/properties/missing/type" },
      want: { line: 8, column: 7 },
    },
    {
      name: "JSON: an array element",
      given: { file: "failing-examples.json", pointer: "#/components/schemas/Widget/properties/color/enum/1" },
      want: { line: 38, column: 56 },
    },
  ])("$name", ({ given, want }) => {
    const contract = Contract.load(fixture(given.file));
    expect(contract.source.locate(given.pointer)).toMatchObject(want);
  });
});

describe("files reached by $ref", () => {
  it("a file that is neither JSON nor YAML (a code sample) is its text, as bundlers read it", () => {
    const contract = Contract.load(fixture("code-sample/openapi.yaml"), {
      displayName: "fixtures/code-sample/openapi.yaml",
    });
    expect(contract.check()).toMatchObject({ checked: 1, failures: [], skipped: [] });
    const sample = (
      contract.document as { paths: Record<string, { get: { "x-codeSamples": [{ source: { $ref: string } }] } }> }
    ).paths["/things"]!.get["x-codeSamples"][0].source.$ref;
    expect(getAt(contract.document, parsePointer(sample))).toBe("const things: string[] = await list();\n");
  });
});
