import { describe, expect, it } from "vitest";
import { load } from "./helpers.js";

describe("collectExamples", () => {
  it("finds every kind of example, with its direction and pointers", () => {
    const cases = load("examples-everywhere.yaml").examples();
    const body = "#/paths/~1things~1{thing}/put";
    expect(cases.map((c) => [c.name, c.direction, c.pointer, c.schemaPointer])).toEqual([
      [
        "putThing request parameter thing",
        "request",
        "#/paths/~1things~1{thing}/parameters/0/example",
        "#/paths/~1things~1{thing}/parameters/0/schema",
      ],
      [
        "putThing request parameter mode quick",
        "request",
        `${body}/parameters/0/examples/quick/value`,
        `${body}/parameters/0/schema`,
      ],
      [
        "putThing request parameter mode careful",
        "request",
        `${body}/parameters/0/examples/careful/value`,
        `${body}/parameters/0/schema`,
      ],
      [
        "putThing request example (application/json)",
        "request",
        `${body}/requestBody/content/application~1json/example`,
        `${body}/requestBody/content/application~1json/schema`,
      ],
      [
        "putThing 200 stored",
        "response",
        "#/components/examples/stored-thing/value",
        `${body}/responses/200/content/application~1json/schema`,
      ],
      [
        "putThing 200 header X-Count",
        "response",
        `${body}/responses/200/headers/X-Count/example`,
        `${body}/responses/200/headers/X-Count/schema`,
      ],
      [
        "POST webhook thingChanged request changed",
        "request",
        "#/webhooks/thingChanged/post/requestBody/content/application~1json/examples/changed/value",
        "#/webhooks/thingChanged/post/requestBody/content/application~1json/schema",
      ],
      // Used in both directions (and one never): neither readOnly nor writeOnly is enforced.
      ["Thing schema example 0", "none", "#/components/schemas/Thing/examples/0", "#/components/schemas/Thing"],
      ["Unused schema example 0", "none", "#/components/schemas/Unused/examples/0", "#/components/schemas/Unused"],
    ]);
  });

  it("says which examples it could not check, and why", () => {
    expect(load("examples-everywhere.yaml").skipped()).toEqual([
      {
        name: "putThing request example (application/xml)",
        pointer: "#/paths/~1things~1{thing}/put/requestBody/content/application~1xml/example",
        reason: "unsupported media type application/xml",
      },
      {
        name: "putThing 200 remote",
        pointer: "#/paths/~1things~1{thing}/put/responses/200/content/application~1json/examples/remote",
        reason: "externalValue is not fetched",
      },
    ]);
  });

  it("checks each example in its direction", () => {
    const failures = load("examples-everywhere.yaml").check().failures;
    expect(failures.map((f) => [f.example.name, f.errors.map((e) => [e.instancePath, e.keyword])])).toEqual([
      ["POST webhook thingChanged request changed", [["/id", "x-contract-forbidden"]]],
    ]);
  });
});

describe("coverage", () => {
  it.each([
    {
      name: "bodies without examples are reported; no body, or an example in a shared response, is fine",
      given: "coverage.yaml",
      want: [
        ["createItem", "request", "#/components/requestBodies/NewItem"],
        ["createItem", "201", "#/paths/~1items/post/responses/201"],
      ],
    },
    { name: "a document whose bodies all have examples", given: "failing-examples.json", want: [] },
  ])("$name", ({ given, want }) => {
    expect(
      load(given)
        .coverage()
        .map((g) => [g.operation, g.kind, g.pointer]),
    ).toEqual(want);
  });
});

describe("check: every example is checked or skipped, with the reason", () => {
  it.each([
    {
      name: "OAS 3.1 webhooks",
      given: "webhooks-3.1.yaml",
      want: {
        checked: 2,
        failed: [["POST webhook buildFinished request unknown-state", "/state enum"]],
        skipped: [],
      },
    },
    {
      name: "OAS 3.0 x-webhooks, in the request direction",
      given: "x-webhooks-3.0.yaml",
      want: {
        checked: 4,
        failed: [
          ["POST webhook push request parameter X-Hook-Id", " type"],
          ["POST webhook push request schema example at /properties/created", " type"],
        ],
        skipped: [],
      },
    },
    {
      name: "no schema, an unsupported media type, no value, a schema that cannot be used",
      given: "skipped-examples.yaml",
      want: {
        checked: 1,
        failed: [],
        skipped: [
          ["createNote request parameter trace", "no schema"],
          ["createNote request first (application/json)", "no schema"],
          ["createNote request second (application/json)", "no schema"],
          ["createNote request example (application/xml)", "unsupported media type application/xml"],
          ["createNote 201 remote", "externalValue is not fetched"],
          ["createNote 201 empty", "no value"],
          [
            "createNote 201 created",
            "schema does not compile: schema #/components/schemas/Missing: $ref #/components/schemas/Missing does not resolve to anything in the document",
          ],
        ],
      },
    },
  ])("$name", ({ given, want }) => {
    const report = load(given).check();
    expect({
      checked: report.checked,
      failed: report.failures.map((f) => [
        f.example.name,
        f.errors.map((e) => `${e.instancePath} ${e.keyword}`).join("; "),
      ]),
      skipped: report.skipped.map((s) => [s.name, s.reason]),
    }).toEqual(want);
  });
});
