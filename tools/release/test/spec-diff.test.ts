// The gate on fixture pairs: base.yaml against one file per kind of change. Each
// breaking kind must fail the gate naming the operation and the field; each
// non-breaking one must pass it.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { gate } from "../src/gate.js";
import { type ApiChange, diffBundles } from "../src/spec-diff.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "spec-diff");
const load = (name: string): unknown => parse(readFileSync(path.join(fixtures, name), "utf8"));

function diff(revision: string): ApiChange[] {
  return diffBundles(
    path.join(fixtures, "base.yaml"),
    path.join(fixtures, revision),
    load("base.yaml"),
    load(revision),
  );
}

const GET_THING = "getThing (GET /things/{id})";
const PUT_THING = "updateThing (PUT /things/{id})";
const LIST_THINGS = "listThings (GET /things)";

describe("breaking changes fail the gate, naming the operation and the field", () => {
  it.each([
    {
      name: "an operation removed",
      given: "operation-removed.yaml",
      error:
        "things: breaking change in updateThing (PUT /things/{id}): Operation `PUT /things/{id}` was removed. [operation-removed]",
      want: { rule: "operation-removed", operations: [PUT_THING], field: undefined },
    },
    {
      name: "a path, with its operations, removed",
      given: "path-removed.yaml",
      error: "things: breaking change in listThings (GET /things): Path `/things` was removed. [path-removed]",
      want: { rule: "path-removed", operations: [LIST_THINGS], field: undefined },
    },
    {
      name: "a response field removed",
      given: "response-field-removed.yaml",
      error:
        "things: breaking change in listThings (GET /things) — response 200 application/json: `[].size`; through `Thing` also the responses of getThing (GET /things/{id}), updateThing (PUT /things/{id}): Property `size` of `Thing` was removed. [property-removed]",
      want: {
        rule: "property-removed",
        // Thing is shared: every operation that returns it is named.
        operations: [LIST_THINGS, GET_THING, PUT_THING],
        field: "response 200 application/json: `[].size`",
      },
    },
    {
      name: "a request field made required",
      given: "request-field-made-required.yaml",
      error:
        "things: breaking change in updateThing (PUT /things/{id}) — request body application/json: `name` (required): Properties of `ThingInput` became required: `name`. [required-properties-added]",
      want: {
        rule: "required-properties-added",
        operations: [PUT_THING],
        field: "request body application/json: `name` (required)",
      },
    },
    {
      name: "an enum narrowed in a request",
      given: "request-enum-narrowed.yaml",
      error:
        "things: breaking change in updateThing (PUT /things/{id}) — request body application/json: `kind` (enum): Enum of `kind` lost values: 'folder'. [enum-values-removed]",
      want: {
        rule: "enum-values-removed",
        operations: [PUT_THING],
        field: "request body application/json: `kind` (enum)",
      },
    },
    {
      name: "an enum widened in a response",
      given: "response-enum-widened.yaml",
      error:
        "things: breaking change in listThings (GET /things) — response 200 application/json: `[].kind` (enum); through `Thing` also the responses of getThing (GET /things/{id}), updateThing (PUT /things/{id}): Enum of `kind` gained values: 'link'. [enum-values-added]",
      want: {
        rule: "enum-values-added",
        operations: [LIST_THINGS, GET_THING, PUT_THING],
        field: "response 200 application/json: `[].kind` (enum)",
      },
    },
    {
      name: "a type changed",
      given: "type-changed.yaml",
      error:
        "things: breaking change in listThings (GET /things) — response 200 application/json: `[].size` (type); through `Thing` also the responses of getThing (GET /things/{id}), updateThing (PUT /things/{id}): Type of `size` widened from 'integer' to 'string'. [schema-type-changed]",
      want: {
        rule: "schema-type-changed",
        operations: [LIST_THINGS, GET_THING, PUT_THING],
        field: "response 200 application/json: `[].size` (type)",
      },
    },
    {
      name: "a parameter renamed",
      given: "parameter-renamed.yaml",
      error:
        "things: breaking change in listThings (GET /things) — query parameter `state` (name): `state` query parameter was renamed to `status`. [parameter-removed]",
      want: { rule: "parameter-removed", operations: [LIST_THINGS], field: "query parameter `state` (name)" },
    },
    {
      // Client method names and docs anchors hang on operationIds (spec/README.md).
      name: "an operationId renamed",
      given: "operation-id-renamed.yaml",
      error:
        "things: breaking change in getThing (GET /things/{id}) — `operationId`: `operationId` of operation `GET /things/{id}` changed from 'getThing' to 'readThing'. [operation-id-changed]",
      want: { rule: "operation-id-changed", operations: [GET_THING], field: "`operationId`" },
    },
  ])("$name ($given)", ({ given, error, want }) => {
    const changes = diff(given);
    const breaking = changes.filter((change) => change.impact === "major");
    expect(breaking).toHaveLength(1);
    const [change] = breaking;
    expect(change!.rules).toContain(want.rule);
    expect([...change!.operations].sort()).toEqual([...want.operations].sort());
    expect(change!.field).toBe(want.field);

    const blocked = gate([{ api: "things", released: "1.0.0", changes }], "none");
    expect(blocked.ok).toBe(false);
    expect(blocked.errors).toEqual([
      error,
      "1 breaking change(s) need a major release of @ci-artifacts/openapi: undo them, or add a changeset (`pnpm changeset`) that bumps @ci-artifacts/openapi by major (pending bump: none).",
    ]);

    for (const bump of ["patch", "minor"] as const)
      expect(gate([{ api: "things", released: "1.0.0", changes }], bump).ok).toBe(false);
    expect(gate([{ api: "things", released: "1.0.0", changes }], "major")).toMatchObject({ ok: true, errors: [] });
  });
});

describe("non-breaking changes pass the gate", () => {
  it.each([
    { name: "a response field added", given: "response-field-added.yaml", want: { impact: "minor" } },
    { name: "an optional request field added", given: "request-optional-field-added.yaml", want: { impact: "minor" } },
    { name: "an optional parameter added", given: "optional-parameter-added.yaml", want: { impact: "minor" } },
    { name: "an operation added", given: "operation-added.yaml", want: { impact: "minor" } },
    { name: "an enum widened in a request", given: "request-enum-widened.yaml", want: { impact: "patch" } },
    { name: "an enum narrowed in a response", given: "response-enum-narrowed.yaml", want: { impact: "patch" } },
    { name: "a description changed", given: "description-changed.yaml", want: { impact: "patch" } },
  ])("$name ($given)", ({ given, want }) => {
    const changes = diff(given);
    expect(changes.map((change) => change.impact)).toEqual([want.impact]);
    const result = gate([{ api: "things", released: "1.0.0", changes }], "none");
    expect(result).toMatchObject({ ok: true, errors: [] });
    expect(result.report[0]).toMatch(/^things: 1 change\(s\) since 1\.0\.0/);
  });

  it("an unchanged bundle has no changes", () => {
    expect(diff("base.yaml")).toEqual([]);
  });
});
