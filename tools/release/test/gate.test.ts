// The gate's decision: breaking changes pass only with a pending major changeset
// for @ci-artifacts/openapi, read from .changeset/ the way `changeset version` reads it.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gate, pendingBump, specDiff } from "../src/gate.js";
import type { ApiChange } from "../src/spec-diff.js";
import { build, changeset, cleanUp, scratchRepo } from "./scratch.js";

const change = (impact: ApiChange["impact"], field: string): ApiChange => ({
  impact,
  rules: ["some-rule"],
  message: `${field} changed.`,
  operations: ["getThing (GET /things/{id})"],
  field: `response 200 application/json: \`${field}\``,
  shared: undefined,
  pointer: `#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/properties/${field}`,
});
const versionOnly: ApiChange = {
  ...change("patch", "version"),
  operations: [],
  field: "info.version",
  pointer: "#/info/version",
};

describe("gate", () => {
  const blocked = (field: string) =>
    `buddy: breaking change in getThing (GET /things/{id}) — response 200 application/json: \`${field}\`: ${field} changed. [some-rule]`;
  const advice = (bump: string) =>
    `breaking change(s) need a major release of @ci-artifacts/openapi: undo them, or add a changeset (\`pnpm changeset\`) that bumps @ci-artifacts/openapi by major (pending bump: ${bump}).`;

  it.each([
    { name: "no changes", given: { changes: [], bump: "none" }, want: { ok: true, errors: [] } },
    {
      name: "additions without a changeset",
      given: { changes: [change("minor", "a"), change("patch", "b")], bump: "none" },
      want: { ok: true, errors: [] },
    },
    {
      name: "a breaking change without a changeset",
      given: { changes: [change("major", "size")], bump: "none" },
      want: { ok: false, errors: [blocked("size"), `1 ${advice("none")}`] },
    },
    {
      name: "a breaking change with a minor changeset",
      given: { changes: [change("minor", "created"), change("major", "size")], bump: "minor" },
      want: { ok: false, errors: [blocked("size"), `1 ${advice("minor")}`] },
    },
    {
      name: "two breaking changes with a patch changeset",
      given: { changes: [change("major", "a"), change("major", "b")], bump: "patch" },
      want: { ok: false, errors: [blocked("a"), blocked("b"), `2 ${advice("patch")}`] },
    },
    {
      name: "a breaking change with a major changeset",
      given: { changes: [change("major", "size")], bump: "major" },
      want: { ok: true, errors: [] },
    },
  ] as const)("$name", ({ given, want }) => {
    const result = gate([{ api: "buddy", released: "0.1.0", changes: [...given.changes] }], given.bump);
    expect(result.ok).toBe(want.ok);
    expect(result.errors).toEqual(want.errors);
  });

  it.each([
    {
      name: "info.version alone is not a change",
      given: [versionOnly],
      want: ["buddy: 0 change(s) since 0.1.0: 0 breaking, 0 added, 0 other"],
    },
    {
      name: "each change is listed under its API",
      given: [versionOnly, change("minor", "created")],
      want: [
        "buddy: 1 change(s) since 0.1.0: 0 breaking, 1 added, 0 other",
        "  added getThing (GET /things/{id}) — response 200 application/json: `created`: created changed. [some-rule]",
      ],
    },
    {
      name: "a breaking change is counted and marked",
      given: [change("major", "size")],
      want: [
        "buddy: 1 change(s) since 0.1.0: 1 breaking, 0 added, 0 other",
        "  BREAKING getThing (GET /things/{id}) — response 200 application/json: `size`: size changed. [some-rule]",
      ],
    },
    {
      name: "each kind is counted apart",
      given: [
        change("patch", "a"),
        change("minor", "b"),
        change("minor", "c"),
        change("patch", "d"),
        change("patch", "e"),
      ],
      want: [
        "buddy: 5 change(s) since 0.1.0: 0 breaking, 2 added, 3 other",
        "  changed getThing (GET /things/{id}) — response 200 application/json: `a`: a changed. [some-rule]",
        "  added getThing (GET /things/{id}) — response 200 application/json: `b`: b changed. [some-rule]",
        "  added getThing (GET /things/{id}) — response 200 application/json: `c`: c changed. [some-rule]",
        "  changed getThing (GET /things/{id}) — response 200 application/json: `d`: d changed. [some-rule]",
        "  changed getThing (GET /things/{id}) — response 200 application/json: `e`: e changed. [some-rule]",
      ],
    },
  ])("report: $name", ({ given, want }) => {
    expect(gate([{ api: "buddy", released: "0.1.0", changes: given }], "none").report).toEqual(want);
  });

  // The report says that a major changeset let breaking changes through, and only then.
  it.each([
    { name: "a breaking change, major pending", given: { changes: [change("major", "a")], bump: "major" }, want: true },
    { name: "additions only, major pending", given: { changes: [change("minor", "a")], bump: "major" }, want: false },
    {
      name: "a breaking change, minor pending",
      given: { changes: [change("major", "a")], bump: "minor" },
      want: false,
    },
    { name: "no change, major pending", given: { changes: [], bump: "major" }, want: false },
  ] as const)("report: $name", ({ given, want }) => {
    const second = { api: "buildkite", released: "0.1.0", changes: [] };
    const { report } = gate([{ api: "buddy", released: "0.1.0", changes: [...given.changes] }, second], given.bump);
    const allowed = "breaking changes allowed: a pending changeset makes @ci-artifacts/openapi a major release";
    expect(report.includes(allowed)).toBe(want);
    expect(report.filter((line) => line.startsWith("buddy: "))).toHaveLength(1);
  });

  it("an API never released passes and says so", () => {
    expect(gate([{ api: "gitlab", released: undefined, changes: [] }], "none")).toEqual({
      ok: true,
      report: ["gitlab: never released, no baseline to compare with (the next release writes one)"],
      errors: [],
    });
  });
});

describe("pendingBump reads the pending changesets", () => {
  afterEach(cleanUp);

  it.each<{ name: string; given: Record<string, string>; want: string }>([
    { name: "no changesets", given: {}, want: "none" },
    {
      name: "a changeset for the client only",
      given: { a: changeset({ "@ci-artifacts/client": "major" }, "New client.") },
      want: "none",
    },
    {
      name: "a minor changeset",
      given: { a: changeset({ "@ci-artifacts/openapi": "minor" }, "Adds a field.") },
      want: "minor",
    },
    {
      name: "the highest of several changesets",
      given: {
        a: changeset({ "@ci-artifacts/openapi": "patch" }, "Fixes a description."),
        b: changeset({ "@ci-artifacts/openapi": "major" }, "Removes a field."),
      },
      want: "major",
    },
  ])("$name", async ({ given, want }) => {
    expect(await pendingBump(scratchRepo({ revision: "base.yaml", version: "1.0.0", changesets: given }))).toBe(want);
  });
});

describe("specDiff on a scratch repository", () => {
  afterEach(cleanUp);

  it.each<{
    name: string;
    given: { revision: string; changesets: Record<string, string> };
    want: { ok: boolean; errors: number };
  }>([
    { name: "unchanged", given: { revision: "base.yaml", changesets: {} }, want: { ok: true, errors: 0 } },
    {
      name: "a field added",
      given: { revision: "response-field-added.yaml", changesets: {} },
      want: { ok: true, errors: 0 },
    },
    {
      name: "a field removed, no changeset",
      given: { revision: "response-field-removed.yaml", changesets: {} },
      want: { ok: false, errors: 2 },
    },
    {
      name: "a field removed, a minor changeset",
      given: {
        revision: "response-field-removed.yaml",
        changesets: { a: changeset({ "@ci-artifacts/openapi": "minor" }, "x") },
      },
      want: { ok: false, errors: 2 },
    },
    {
      name: "a field removed, a major changeset",
      given: {
        revision: "response-field-removed.yaml",
        changesets: { a: changeset({ "@ci-artifacts/openapi": "major" }, "x") },
      },
      want: { ok: true, errors: 0 },
    },
  ])("$name", async ({ given, want }) => {
    const result = await specDiff(scratchRepo({ ...given, version: "1.0.0" }), build);
    // The baseline's info.version names the release compared with.
    expect(result.report[0]).toMatch(/^things: \d+ change\(s\) since 1\.0\.0: /);
    expect(result.ok).toBe(want.ok);
    expect(result.errors).toHaveLength(want.errors);
    if (!want.ok) {
      expect(result.errors[0]).toMatch(
        /^things: breaking change in listThings \(GET \/things\) — response 200 application\/json: `\[\]\.size`/,
      );
    }
  });

  it("an API with no released baseline passes, reported as never released", async () => {
    const root = scratchRepo({ revision: "response-field-removed.yaml", version: "1.0.0" });
    rmSync(path.join(root, "packages", "openapi", "released", "things.json"));
    expect(await specDiff(root, build)).toEqual({
      ok: true,
      report: ["things: never released, no baseline to compare with (the next release writes one)"],
      errors: [],
    });
  });

  it("a baseline without info.version is named the last release", async () => {
    const root = scratchRepo({ revision: "response-field-removed.yaml", version: "1.0.0" });
    const released = path.join(root, "packages", "openapi", "released", "things.json");
    const baseline = JSON.parse(readFileSync(released, "utf8")) as { info: Record<string, unknown> };
    delete baseline.info.version;
    writeFileSync(released, JSON.stringify(baseline));
    const { report } = await specDiff(root, build);
    expect(report[0]).toMatch(/^things: \d+ change\(s\) since the last release: 1 breaking, /);
  });

  it("names the missing bundle when the build wrote none", async () => {
    const root = scratchRepo({ revision: "base.yaml", version: "1.0.0" });
    await expect(specDiff(root, () => {})).rejects.toThrow(
      "packages/openapi/dist/things.json is missing: build @ci-artifacts/openapi first",
    );
  });
});
