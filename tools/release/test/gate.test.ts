// The gate's decision: breaking changes pass only with a pending major changeset
// for @ci-artifacts/openapi, read from .changeset/ the way `changeset version` reads it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gate, pendingBump } from "../src/gate.js";
import type { ApiChange } from "../src/spec-diff.js";

const change = (impact: ApiChange["impact"], field: string): ApiChange => ({
  impact,
  rules: ["some-rule"],
  message: `${field} changed.`,
  operations: ["getThing (GET /things/{id})"],
  field: `response 200 application/json: \`${field}\``,
  shared: undefined,
  pointer: `#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/properties/${field}`,
});
const versionOnly: ApiChange = { ...change("patch", "version"), operations: [], field: "info.version", pointer: "#/info/version" };

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
    { name: "info.version alone is not a change", given: [versionOnly], want: ["buddy: 0 change(s) since 0.1.0: 0 breaking, 0 added, 0 other"] },
    {
      name: "each change is listed under its API",
      given: [versionOnly, change("minor", "created")],
      want: [
        "buddy: 1 change(s) since 0.1.0: 0 breaking, 1 added, 0 other",
        "  added getThing (GET /things/{id}) — response 200 application/json: `created`: created changed. [some-rule]",
      ],
    },
  ])("report: $name", ({ given, want }) => {
    expect(gate([{ api: "buddy", released: "0.1.0", changes: given }], "none").report).toEqual(want);
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
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** A scratch workspace with the two public packages and the given changesets. */
  function workspace(changesets: Record<string, string>): string {
    root = mkdtempSync(path.join(tmpdir(), "ci-artifacts-changesets-"));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root!, file)), { recursive: true });
      writeFileSync(path.join(root!, file), text);
    };
    write("package.json", JSON.stringify({ name: "root", private: true }));
    write("pnpm-workspace.yaml", "packages:\n  - packages/*\n");
    write("packages/openapi/package.json", JSON.stringify({ name: "@ci-artifacts/openapi", version: "0.1.0" }));
    write("packages/client/package.json", JSON.stringify({ name: "@ci-artifacts/client", version: "0.1.0" }));
    write(".changeset/config.json", JSON.stringify({ baseBranch: "main", access: "public", privatePackages: { version: false, tag: false } }));
    for (const [name, text] of Object.entries(changesets)) write(`.changeset/${name}.md`, text);
    return root;
  }

  const changeset = (releases: Record<string, string>, summary: string) =>
    `---\n${Object.entries(releases).map(([name, type]) => `"${name}": ${type}`).join("\n")}\n---\n\n${summary}\n`;

  it.each<{ name: string; given: Record<string, string>; want: string }>([
    { name: "no changesets", given: {}, want: "none" },
    { name: "a changeset for the client only", given: { a: changeset({ "@ci-artifacts/client": "major" }, "New client.") }, want: "none" },
    { name: "a minor changeset", given: { a: changeset({ "@ci-artifacts/openapi": "minor" }, "Adds a field.") }, want: "minor" },
    {
      name: "the highest of several changesets",
      given: {
        a: changeset({ "@ci-artifacts/openapi": "patch" }, "Fixes a description."),
        b: changeset({ "@ci-artifacts/openapi": "major", "@ci-artifacts/client": "minor" }, "Removes a field."),
      },
      want: "major",
    },
  ])("$name", async ({ given, want }) => {
    expect(await pendingBump(workspace(given))).toBe(want);
  });
});
