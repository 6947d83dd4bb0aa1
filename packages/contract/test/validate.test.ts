import {
  type Api,
  type ContractError,
  formatErrors,
  type ResponseOptions,
  type ValidateOptions,
  validateRequest,
  validateResponse,
} from "@ci-artifacts/contract";
import { describe, expect, it } from "vitest";
import { namedExamples } from "./support.js";

const examples = [...namedExamples("buddy"), ...namedExamples("buildkite")];
const example = (api: string, name: string) => {
  const found = examples.find((e) => e.api === api && e.name === name);
  if (!found) throw new Error(`no example ${name} in ${api}`);
  return structuredClone(found.value) as Record<string, unknown>;
};
const buildkiteArtifact = () => example("buildkite", "artifact");
const buddyArtifact = () => example("buddy", "shared-library-artifact");

describe("every named example of the contract is valid through the public API", () => {
  it("finds examples for all ten operations", () => {
    expect(new Set(examples.map((e) => `${e.api} ${e.operationId}`)).size).toBe(10);
  });

  it.each(examples.map((e) => ({ name: `${e.api} ${e.operationId} ${e.kind} ${e.name}`, given: e })))(
    "$name",
    ({ given }) => {
      // A `default` response covers every status the operation does not list; 500 is one of those.
      const status = given.kind === "default" ? 500 : Number(given.kind);
      const result =
        given.kind === "request"
          ? validateRequest(given.api, given.operationId as never, given.value, { strict: true })
          : validateResponse(given.api, given.operationId as never, status, given.value, { strict: true });
      const response = given.kind === "request" ? {} : { response: given.kind, undeclared: given.kind === "default" };
      expect(result).toEqual({ valid: true, errors: [], ...response });
    },
  );
});

type Want = Pick<ContractError, "pointer" | "keyword">[];

describe("validateResponse", () => {
  it.each<{
    name: string;
    given: [api: Api, operationId: string, status: number, body: unknown, options?: ResponseOptions];
    want: Want;
  }>([
    {
      name: "a Buddy BASIC password in a response (writeOnly)",
      given: [
        "buddy",
        "getArtifact",
        200,
        { ...buddyArtifact(), authorization: { type: "BASIC", user: "ci", password: "p" } },
      ],
      want: [{ pointer: "/authorization/password", keyword: "x-contract-forbidden" }],
    },
    {
      name: "a property the schema does not declare, admitted by default as in OpenAPI",
      given: ["buildkite", "getArtifact", 200, { ...buildkiteArtifact(), uploaded_at: "2024-01-11T09:00:00Z" }],
      want: [],
    },
    {
      name: "a property the schema does not declare, with strict",
      given: ["buildkite", "getArtifact", 200, { ...buildkiteArtifact(), colour: "red" }, { strict: true }],
      want: [{ pointer: "/colour", keyword: "unevaluatedProperties" }],
    },
    {
      name: "a state outside the enum, in a list",
      given: ["buildkite", "listBuildArtifacts", 200, [{ ...buildkiteArtifact(), state: "gone" }]],
      want: [{ pointer: "/0/state", keyword: "enum" }],
    },
    {
      name: "a required property missing",
      given: ["buildkite", "getArtifact", 200, (({ sha1sum: _, ...rest }) => rest)(buildkiteArtifact())],
      want: [{ pointer: "/sha1sum", keyword: "required" }],
    },
    {
      name: "an object where a list is declared",
      given: ["buildkite", "listJobArtifacts", 200, buildkiteArtifact()],
      want: [{ pointer: "", keyword: "type" }],
    },
    {
      name: "a body on a 204",
      given: ["buddy", "deleteArtifact", 204, {}],
      want: [{ pointer: "", keyword: "x-contract-body" }],
    },
    {
      name: "no body where one is declared",
      given: ["buildkite", "downloadArtifact", 302, undefined],
      want: [{ pointer: "", keyword: "x-contract-body" }],
    },
    {
      name: "the download body with a url that is not a URI",
      given: ["buildkite", "downloadArtifact", 302, { url: "not a uri" }],
      want: [{ pointer: "/url", keyword: "format" }],
    },
    {
      name: "an exact status picks its own response: 404 is Buildkite's error",
      given: ["buildkite", "getArtifact", 404, { errors: [{ message: "Buddy's shape" }] }],
      // The engine reports unknown properties (here `errors`) only for objects with no other error.
      want: [{ pointer: "/message", keyword: "required" }],
    },
    {
      name: "an undeclared status falls to default: 503 with Buildkite's error shape",
      given: ["buildkite", "getArtifact", 503, { message: "down" }],
      want: [],
    },
    {
      name: "an undeclared success that only default covers: downloadArtifact 200 with an error body",
      given: ["buildkite", "downloadArtifact", 200, { message: "Not Found" }],
      want: [{ pointer: "", keyword: "x-contract-status" }],
    },
    {
      name: "... accepted when told allowDefault",
      given: ["buildkite", "downloadArtifact", 200, { message: "Not Found" }, { allowDefault: true }],
      want: [],
    },
    {
      name: "... and its body still checked against default",
      given: ["buildkite", "downloadArtifact", 201, { error: "Not Found" }],
      want: [
        { pointer: "", keyword: "x-contract-status" },
        { pointer: "/message", keyword: "required" },
      ],
    },
    {
      name: "no body on a 204",
      given: ["buildkite", "deleteArtifact", 204, undefined],
      want: [],
    },
  ])("$name", ({ given, want }) => {
    const [api, operationId, status, body, options] = given;
    const { valid, errors } = validateResponse(api, operationId as never, status, body, options);
    expect({ valid, errors: errors.map(({ pointer, keyword }) => ({ pointer, keyword })) }).toEqual({
      valid: want.length === 0,
      errors: want,
    });
  });
});

describe("validateResponse says which response the status selected", () => {
  it.each([
    { name: "a declared code", given: 200, want: { valid: true, response: "200", undeclared: false } },
    { name: "a declared error code", given: 404, want: { valid: true, response: "404", undeclared: false } },
    {
      name: "an error status only default covers: valid, and undeclared",
      given: 418,
      want: { valid: true, response: "default", undeclared: true },
    },
    {
      name: "a success only default covers: undeclared and invalid",
      given: 203,
      want: { valid: false, response: "default", undeclared: true },
    },
  ])("$name", ({ given, want }) => {
    const body = given === 200 ? buildkiteArtifact() : { message: "I'm a teapot" };
    const { valid, response, undeclared } = validateResponse("buildkite", "getArtifact", given, body);
    expect({ valid, response, undeclared }).toEqual(want);
  });
});

describe("validateRequest", () => {
  it.each<{
    name: string;
    given: [api: Api, operationId: string, body: unknown, options?: ValidateOptions];
    want: Want;
  }>([
    {
      name: "a retention rule naming an existing rule by id",
      given: ["buddy", "updateArtifact", { retention_rules: [{ id: 1, type: "KEEP_ALL" }] }],
      want: [],
    },
    {
      name: "a BASIC password, which requests carry",
      given: [
        "buddy",
        "createArtifact",
        { name: "a", type: "BUCKET", scope: "WORKSPACE", authorization: { type: "BASIC", user: "u", password: "p" } },
      ],
      want: [],
    },
    {
      name: "a BASIC authorization without its password",
      given: [
        "buddy",
        "createArtifact",
        { name: "a", type: "BUCKET", scope: "WORKSPACE", authorization: { type: "BASIC", user: "u" } },
      ],
      want: [{ pointer: "/authorization/password", keyword: "required" }],
    },
    {
      name: "an id, which only responses carry, with strict",
      given: [
        "buddy",
        "createArtifact",
        { name: "a", type: "BUCKET", scope: "WORKSPACE", id: "x5169jL2" },
        { strict: true },
      ],
      want: [{ pointer: "/id", keyword: "unevaluatedProperties" }],
    },
    {
      name: "an id, which only responses carry, admitted by default as in OpenAPI",
      given: ["buddy", "createArtifact", { name: "a", type: "BUCKET", scope: "WORKSPACE", id: "x5169jL2" }],
      want: [],
    },
    {
      name: "a type outside the enum",
      given: ["buddy", "createArtifact", { name: "a", type: "FILES", scope: "WORKSPACE" }],
      want: [{ pointer: "/type", keyword: "enum" }],
    },
    {
      name: "no body where one is required",
      given: ["buddy", "createArtifact", undefined],
      want: [{ pointer: "", keyword: "x-contract-body" }],
    },
  ])("$name", ({ given, want }) => {
    const [api, operationId, body, options] = given;
    const { valid, errors } = validateRequest(api, operationId as never, body, options);
    expect({ valid, errors: errors.map(({ pointer, keyword }) => ({ pointer, keyword })) }).toEqual({
      valid: want.length === 0,
      errors: want,
    });
  });

  it("a body for an operation that takes none", () => {
    // Not allowed by the types either: getArtifact takes no request body.
    const { errors } = validateRequest("buddy", "getArtifact" as never, {});
    expect(errors).toEqual([
      expect.objectContaining({
        pointer: "",
        keyword: "x-contract-body",
        message: expect.stringMatching(/takes no request body/),
      }),
    ]);
  });
});

describe("misuse is an exception, not a validation result", () => {
  it.each([
    {
      name: "an unknown API",
      given: () => validateResponse("gitlab" as never, "getArtifact" as never, 200, {}),
      want: /unknown API "gitlab": expected one of buddy, buildkite/,
    },
    {
      name: "an unknown operationId",
      given: () => validateResponse("buildkite", "getArtefact" as never, 200, {}),
      want: /buildkite has no operation "getArtefact": expected one of .*getArtifact/,
    },
    {
      name: "a status that is not one",
      given: () => validateResponse("buildkite", "getArtifact", 2000, {}),
      want: /status must be an HTTP status code \(100\.\.599\), got 2000/,
    },
  ])("$name", ({ given, want }) => {
    expect(given).toThrow(want);
  });
});

describe("formatErrors", () => {
  it("one line per error, with the pointer and what was found", () => {
    const { errors } = validateResponse(
      "buildkite",
      "listBuildArtifacts",
      200,
      [{ ...buildkiteArtifact(), state: "gone", colour: "red" }],
      { strict: true },
    );
    expect(formatErrors(errors)).toBe(
      '/0/state: must be one of "new", "error", "finished", "deleted", "expired" (found "gone")\n/0/colour: is not a property the schema declares (found "red")',
    );
  });
});
