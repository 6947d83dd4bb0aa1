import { describe, expect, it } from "vitest";
import { multiFileSourceResolver } from "../../dist/engine/index.js";
import { fixture } from "./helpers.js";

describe("multiFileSourceResolver", () => {
  const resolve = multiFileSourceResolver(fixture("multi-file/openapi.yaml"), { displayBase: fixture(".") });
  const operation = "#/paths/~1gadgets/post";

  it.each([
    {
      name: "a component the bundler lifted: its own file",
      given: "#/components/examples/created-gadget/value/size",
      want: { file: "multi-file/components/examples/created-gadget.yaml", line: 3, column: 3 },
    },
    {
      name: "a component schema",
      given: "#/components/schemas/Gadget/properties/size/enum/1",
      want: { file: "multi-file/components/schemas/Gadget.yaml", line: 5, column: 19 },
    },
    {
      name: "through the $ref of a path item into its file",
      given: `${operation}/requestBody/content/application~1json/examples/inline/value/size`,
      want: { file: "multi-file/paths/gadgets.yaml", line: 11, column: 15 },
    },
    { name: "in the root file", given: "#/info/title", want: { file: "multi-file/openapi.yaml", line: 2, column: 9 } },
    {
      name: "through an example $ref into the example file",
      given: `${operation}/responses/201/content/application~1json/examples/created/value/size`,
      want: { file: "multi-file/components/examples/created-gadget.yaml", line: 3, column: 3 },
    },
  ])("$name", ({ given, want }) => {
    expect(resolve(given)).toEqual(want);
  });

  it("a component that no source file holds: undefined, so the bundle position is used", () => {
    expect(resolve("#/components/examples/not-in-the-sources/value")).toBeUndefined();
  });
});
