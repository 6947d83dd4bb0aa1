import { describe, expect, it } from "vitest";
import { curlSample, operations, SAMPLE_LANGUAGES, shellQuote, withCodeSamples } from "../../lib/build/samples.mjs";

/** A one-operation document around `operation`, served from `servers`. */
function doc(path: string, method: string, operation: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    servers: [{ url: "https://api.example.com/v2" }],
    paths: { [path]: { [method]: { operationId: "op", responses: {}, ...operation } } },
    ...extra,
  };
}

function curlOf(document: ReturnType<typeof doc>) {
  const [ref] = operations(document);
  if (!ref) throw new Error("fixture has no operation");
  return curlSample(document, ref);
}

const auth = `--header "Authorization: Bearer $TOKEN"`;

describe("curlSample", () => {
  it.each([
    {
      name: "GET with a path parameter example",
      given: doc("/items/{id}", "get", {
        parameters: [{ name: "id", in: "path", required: true, example: "x1", schema: { type: "string" } }],
      }),
      want: `curl --request GET \\\n  --url 'https://api.example.com/v2/items/x1' \\\n  ${auth}`,
    },
    {
      name: "path-item parameter through a $ref, example from the schema's examples",
      given: {
        ...doc("/orgs/{org}/items", "delete", {}),
        paths: {
          "/orgs/{org}/items": {
            parameters: [{ $ref: "#/components/parameters/org" }],
            delete: { operationId: "op", responses: {} },
          },
        },
        components: {
          parameters: {
            org: { name: "org", in: "path", required: true, schema: { type: "string", examples: ["acme"] } },
          },
        },
      },
      want: `curl --request DELETE \\\n  --url 'https://api.example.com/v2/orgs/acme/items' \\\n  ${auth}`,
    },
    {
      name: "the operation's parameter overrides the path item's of the same name",
      given: {
        ...doc("/a/{n}", "get", {}),
        paths: {
          "/a/{n}": {
            parameters: [{ name: "n", in: "path", required: true, example: 1 }],
            get: {
              operationId: "op",
              responses: {},
              parameters: [{ name: "n", in: "path", required: true, example: 2 }],
            },
          },
        },
      },
      want: `curl --request GET \\\n  --url 'https://api.example.com/v2/a/2' \\\n  ${auth}`,
    },
    {
      name: "a named parameter example, percent-encoded in the path",
      given: doc("/items/{name}", "get", {
        parameters: [{ name: "name", in: "path", required: true, examples: { spaced: { value: "a b/c" } } }],
      }),
      want: `curl --request GET \\\n  --url 'https://api.example.com/v2/items/a%20b%2Fc' \\\n  ${auth}`,
    },
    {
      name: "required query parameters are sent, optional ones left out",
      given: doc("/items", "get", {
        parameters: [
          { name: "state", in: "query", required: true, example: "finished" },
          { name: "page", in: "query", example: 2 },
        ],
      }),
      want: `curl --request GET \\\n  --url 'https://api.example.com/v2/items?state=finished' \\\n  ${auth}`,
    },
    {
      name: "server variables take their defaults; a trailing slash is dropped",
      given: doc(
        "/items",
        "get",
        {},
        { servers: [{ url: "https://{host}/api/", variables: { host: { default: "buddy.example.com" } } }] },
      ),
      want: `curl --request GET \\\n  --url 'https://buddy.example.com/api/items' \\\n  ${auth}`,
    },
    {
      name: "POST sends the first named request example, single quotes escaped for the shell",
      given: doc("/items", "post", {
        requestBody: {
          content: {
            "application/json": {
              examples: { first: { value: { name: "it's" } }, second: { value: { name: "other" } } },
            },
          },
        },
      }),
      want:
        `curl --request POST \\\n  --url 'https://api.example.com/v2/items' \\\n  ${auth} \\\n  --header 'Content-Type: application/json' \\\n` +
        `  --data '{\n  "name": "it'\\''s"\n}'`,
    },
    {
      name: "a request body through $refs, with a single example",
      given: {
        ...doc("/items", "patch", { requestBody: { $ref: "#/components/requestBodies/Patch" } }),
        components: { requestBodies: { Patch: { content: { "application/json": { example: { a: 1 } } } } } },
      },
      want:
        `curl --request PATCH \\\n  --url 'https://api.example.com/v2/items' \\\n  ${auth} \\\n  --header 'Content-Type: application/json' \\\n` +
        `  --data '{\n  "a": 1\n}'`,
    },
  ])("$name", ({ given, want }) => {
    expect(curlOf(given as ReturnType<typeof doc>)).toBe(want);
  });

  it.each([
    {
      name: "no server",
      given: doc("/items", "get", {}, { servers: [] }),
      want: "#/servers/0: the description names no server for the curl samples",
    },
    {
      name: "a server variable without a default",
      given: doc("/items", "get", {}, { servers: [{ url: "https://{host}/", variables: { host: {} } }] }),
      want: "#/servers/0/variables/host: server variable has no default",
    },
    {
      name: "a path parameter without any example",
      given: doc("/items/{id}", "get", {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      }),
      want: "#/paths/~1items~1{id}/get/parameters/0: path parameter 'id' has no example for the curl sample",
    },
    {
      name: "a path template naming an undescribed parameter",
      given: doc("/items/{id}", "get", {}),
      want: "#/paths/~1items~1{id}/get: path parameter {id} is not described",
    },
    {
      name: "a JSON body without an example",
      given: doc("/items", "post", {
        requestBody: { content: { "application/json": { schema: { type: "object" } } } },
      }),
      want: "#/paths/~1items/post/requestBody/content/application~1json: the request body has no example for the curl sample",
    },
    {
      name: "a body that is not JSON",
      given: doc("/items", "post", { requestBody: { content: { "text/plain": { example: "x" } } } }),
      want: "#/paths/~1items/post/requestBody: only application/json request bodies get a curl sample",
    },
  ])("fails on $name, naming where", ({ given, want }) => {
    expect(() => curlOf(given as ReturnType<typeof doc>)).toThrow(want);
  });
});

describe("shellQuote", () => {
  it.each([
    { name: "plain text", given: "abc", want: "'abc'" },
    { name: "a single quote", given: "it's", want: `'it'\\''s'` },
    { name: "shell syntax stays literal", given: '$TOKEN `x` "q"', want: `'$TOKEN \`x\` "q"'` },
  ])("$name", ({ given, want }) => {
    expect(shellQuote(given)).toBe(want);
  });
});

describe("withCodeSamples", () => {
  const ts = (source: string) => [{ lang: "TypeScript", label: "TypeScript", source }];

  it("puts curl before the description's own samples on every operation of a copy, in the languages Redoc is told about", () => {
    const id = (example: string) => [{ name: "id", in: "path", required: true, example }];
    const given = {
      ...doc("/items/{id}", "get", {}),
      paths: {
        "/items/{id}": {
          get: { operationId: "op", responses: {}, parameters: id("x1"), "x-codeSamples": ts("// op\n") },
          delete: { operationId: "remove", responses: {}, parameters: id("x2"), "x-codeSamples": ts("// remove\n") },
        },
      },
    };
    const before = structuredClone(given);

    const result = withCodeSamples(given);

    expect(given).toEqual(before);
    const samples = operations(result).map((ref) => ref.operation["x-codeSamples"]);
    expect(samples).toEqual([
      [
        { lang: "curl", label: "curl", source: expect.stringContaining("/items/x1") },
        { lang: "TypeScript", label: "TypeScript", source: "// op\n" },
      ],
      [
        { lang: "curl", label: "curl", source: expect.stringContaining("--request DELETE") },
        { lang: "TypeScript", label: "TypeScript", source: "// remove\n" },
      ],
    ]);
    const languages = SAMPLE_LANGUAGES.map((l) => l.lang);
    for (const sample of samples.flat()) expect(languages).toContain(sample.label);
  });

  it("fails on an operation without operationId, naming where", () => {
    const given = doc("/items", "get", { "x-codeSamples": ts("") });
    delete (given.paths["/items"] as Record<string, Record<string, unknown>>).get!.operationId;
    expect(() => withCodeSamples(given)).toThrow(
      "#/paths/~1items/get: the operation has no operationId to name its sample by",
    );
  });

  it("fails on an operation without a TypeScript sample, naming where and the file to write", () => {
    expect(() => withCodeSamples(doc("/items", "get", {}))).toThrow(
      "#/paths/~1items/get: no TypeScript sample in x-codeSamples; write code_samples/TypeScript/op.ts",
    );
  });
});
