import { describe, expect, it } from "vitest";
import { codeSamples, findOperation, HTTP_METHODS, operations, selectResponse } from "../dist/index.js";

const document = {
  openapi: "3.1.0",
  paths: {
    "/things/{id}": { $ref: "#/components/pathItems/Thing" },
    "/plain": { get: { responses: { "200": { description: "ok" } } }, summary: "not an operation" },
  },
  webhooks: { changed: { post: { operationId: "thingChanged", responses: {} } } },
  "x-webhooks": { legacy: { post: { responses: {} } } },
  components: {
    parameters: { Id: { name: "id", in: "path", required: true, schema: { type: "string" } } },
    requestBodies: { Thing: { required: true, content: { "application/json": { schema: {} } } } },
    responses: { NotFound: { description: "missing" } },
    pathItems: {
      Thing: {
        parameters: [{ $ref: "#/components/parameters/Id" }, { name: "v", in: "query", description: "path level" }],
        get: {
          operationId: "getThing",
          parameters: [{ name: "v", in: "query", description: "operation level" }],
          responses: { "200": { description: "ok" }, "4XX": { $ref: "#/components/responses/NotFound" }, "x-note": 1 },
          "x-codeSamples": [{ lang: "TypeScript", label: "client", source: "get()" }, { lang: "curl" }],
        },
        put: { operationId: "putThing", requestBody: { $ref: "#/components/requestBodies/Thing" }, responses: {} },
      },
    },
  },
};

describe("operations", () => {
  const all = operations(document);

  it("walks paths (through a Path Item $ref) and webhooks, in the order written", () => {
    expect(all.map((o) => [o.name, o.pointer])).toEqual([
      ["getThing", "#/components/pathItems/Thing/get"],
      ["putThing", "#/components/pathItems/Thing/put"],
      ["GET /plain", "#/paths/~1plain/get"],
      ["thingChanged", "#/webhooks/changed/post"],
    ]);
  });

  it("walks x-webhooks when asked", () => {
    expect(operations(document, ["x-webhooks"]).map((o) => o.name)).toEqual(["POST webhook legacy"]);
  });

  it("merges path-level parameters, the operation's winning, references followed", () => {
    const get = findOperation(document, "getThing");
    expect(get?.parameters.map((p) => [p.in, p.name, p.pointer, p.value.description])).toEqual([
      ["path", "id", "#/components/parameters/Id", undefined],
      ["query", "v", "#/components/pathItems/Thing/get/parameters/0", "operation level"],
    ]);
  });

  it("resolves responses, leaving out x- keys, and request bodies", () => {
    const get = findOperation(document, "getThing");
    expect(get?.responses.map((r) => [r.status, r.pointer])).toEqual([
      ["200", "#/components/pathItems/Thing/get/responses/200"],
      ["4XX", "#/components/responses/NotFound"],
    ]);
    expect(findOperation(document, "putThing")?.requestBody).toMatchObject({
      pointer: "#/components/requestBodies/Thing",
      required: true,
    });
    expect(get?.requestBody).toBeUndefined();
  });

  it.each([
    { name: "the exact code", given: 200, want: "200" },
    { name: "a range", given: 404, want: "4XX" },
    { name: "nothing covers it", given: 500, want: undefined },
  ])("selectResponse: $name", ({ given, want }) => {
    expect(selectResponse(findOperation(document, "getThing")!.responses, given)?.status).toBe(want);
  });

  it("reads x-codeSamples, skipping entries without source", () => {
    expect(codeSamples(findOperation(document, "getThing")!)).toEqual([
      {
        lang: "TypeScript",
        label: "client",
        source: "get()",
        pointer: "#/components/pathItems/Thing/get/x-codeSamples/0",
      },
    ]);
  });

  it("one list of methods, with 3.2's query", () => {
    expect(HTTP_METHODS).toEqual(["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"]);
  });
});
