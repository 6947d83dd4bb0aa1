// Item 5 compares three tools by example: these rows pin how each tool's output is read and keyed.
import { describe, expect, it } from "vitest";
import * as findings from "../src/findings.mjs";

const doc = {
  paths: {
    "/a/{id}": {
      get: {
        responses: {
          "200": {
            content: {
              "application/json": {
                schema: { type: "object" },
                examples: { one: { $ref: "#/components/examples/Thing" }, two: { value: { id: 2 } } },
              },
            },
          },
          "404": { $ref: "#/components/responses/NotFound" },
        },
      },
    },
  },
  components: {
    examples: { Thing: { value: { id: 1, link: { $ref: "#/not/followed" } } } },
    responses: { NotFound: { content: { "application/json": { example: { message: "no" } } } } },
  },
};

describe("resolvePointer", () => {
  it.each([
    {
      name: "follows a $ref to a named example",
      given: "/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/one/value",
      want: "#/components/examples/Thing/value",
    },
    {
      name: "follows a $ref to a response on the way",
      given: "#/paths/~1a~1{id}/get/responses/404/content/application~1json/example",
      want: "#/components/responses/NotFound/content/application~1json/example",
    },
    {
      name: "keeps a $ref inside an example value as data",
      given: "#/components/examples/Thing/value/link/$ref",
      want: "#/components/examples/Thing/value/link/$ref",
    },
    {
      name: "leaves an inline example alone",
      given: "#/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/two/value",
      want: "#/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/two/value",
    },
  ])("$name", ({ given, want }) => {
    expect(findings.resolvePointer(doc, given)).toBe(want);
  });

  it("lists every example value of a media type, resolved", () => {
    expect(findings.exampleValues(doc, "#/paths/~1a~1{id}/get/responses/200/content/application~1json")).toEqual([
      "#/components/examples/Thing/value",
      "#/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/two/value",
    ]);
  });

  it("refuses something that is not a pointer", () => {
    expect(() => findings.splitPointer("paths/x")).toThrow(/not a JSON pointer/);
  });
});

describe("parsers", () => {
  it("reads the contract command's lines and summary, not pnpm's banner nor the skipped lines", () => {
    const parsed = findings.parseContract(
      [
        "",
        "> ci-artifacts@ contract /srv/ci-artifacts",
        "> turbo run build --filter=@ci-artifacts/contract --output-logs=errors-only >&2 && node packages/contract/dist/cli.js spec.json",
        "",
        "spec.json:10:5: things/get 200 one: /id must be string (found 1) [example #/components/examples/Thing/value]",
        "spec.json:20:9: things/post request example: skipped, no schema [#/paths/~1things/post/requestBody/content/application~1json/example]",
        "checked 7 examples in 12 ms, 1 failed, 1 skipped",
      ].join("\n"),
    );
    expect(parsed).toEqual({
      checked: 7,
      reported: 1,
      skipped: 1,
      findings: [
        {
          key: "#/components/examples/Thing/value",
          site: "things/get 200 one",
          reason: "/id must be string (found 1)",
        },
      ],
    });
  });

  it.each([
    { name: "one example", given: "checked 1 example in 3 ms, 0 failed, 0 skipped", want: [1, 0, 0] },
    {
      name: "with --coverage gaps",
      given: "checked 2 examples in 3 ms, 1 failed, 4 skipped; 2 bodies without an example",
      want: [2, 1, 4],
    },
  ])("reads the summary: $name", ({ given, want }) => {
    const { checked, reported, skipped } = findings.parseContract(given);
    expect([checked, reported, skipped]).toEqual(want);
  });

  it("refuses contract output without its summary line", () => {
    expect(() => findings.parseContract("crashed\n")).toThrow(/no "checked N examples" line/);
  });

  it("reads openapi-examples-validator's errors and tells schema errors apart", () => {
    const stderr = [
      'unknown format "x" ignored in schema at path "#/a"',
      JSON.stringify([
        {
          message: "must be string",
          instancePath: "/id",
          examplePath: "/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/one/value",
        },
        {
          message: '"nullable" cannot be used without "type"',
          examplePath: "/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/two/value",
        },
      ]),
    ].join("\n");
    const parsed = findings.parseOev(doc, "Total examples found: 3\n", stderr);
    expect(parsed.checked).toBe(3);
    expect(parsed.reported).toBe(2);
    expect(parsed.findings.map((f: { key: string; uncompiled?: boolean }) => [f.key, f.uncompiled ?? false])).toEqual([
      ["#/components/examples/Thing/value", false],
      ["#/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/two/value", true],
    ]);
  });

  it("keys Redocly's problems by the example that holds the failing node", () => {
    const site = "#/paths/~1a~1{id}/get/responses/200/content/application~1json";
    const stdout = JSON.stringify({
      problems: [
        {
          ruleId: "no-invalid-media-type-examples",
          message: "type must be string",
          location: [{ pointer: "#/components/examples/Thing/value/id" }],
          from: { pointer: site },
        },
        {
          ruleId: "no-invalid-media-type-examples",
          message: 'Example validation errored: "nullable" cannot be used without "type".',
          location: [{ pointer: `${site}/schema` }],
          from: { pointer: site },
        },
      ],
    });
    const parsed = findings.parseRedocly(doc, stdout);
    expect(parsed.reported).toBe(2);
    expect(findings.failedExamples(parsed.findings)).toEqual(new Set(["#/components/examples/Thing/value"]));
    expect(findings.uncheckedExamples(parsed.findings)).toEqual(new Set([`${site}/examples/two/value`]));
  });
});

describe("explainDifferences", () => {
  const contract = {
    name: "contract",
    findings: [
      {
        key: "#/components/schemas/A/properties/x/example",
        site: "A schema example at /properties/x",
        reason: "(root) must be string (found 1)",
      },

      { key: "#/components/examples/C/value", site: "op 200 c", reason: '/z must be integer (found "1")' },
    ],
  };
  const oev = {
    name: "openapi-examples-validator",
    findings: [
      {
        key: "#/components/examples/C/value",
        site: "/paths/x",
        reason: '"nullable" cannot be used without "type"',
        uncompiled: true,
      },
      {
        key: "#/components/examples/D/value",
        site: "/paths/~1d/get/responses/200/content/application~1json/examples/d/value",
        reason: "/repositories/0 must NOT have additional properties",
      },
      {
        key: "#/components/examples/E/value",
        site: "/paths/~1e/get/responses/200/content/application~1json/examples/e/value",
        reason: "/id must be string",
      },
    ],
  };

  it("names why each example failed in one tool only", () => {
    const { contractOnly, otherOnly } = findings.explainDifferences(contract, oev);
    const categories = (groups: { category: string; count: number }[]) =>
      Object.fromEntries(groups.map((g) => [g.category.split(":")[0], g.count]));
    expect(categories(contractOnly)).toEqual({
      "a schema's own `example`": 1,
      'openapi-examples-validator could not compile the schema ("nullable" cannot be used without "type"), so it judged none of its examples': 1,
    });
    expect(categories(otherOnly)).toEqual({ "undeclared properties": 1, other: 1 });
  });
});
