// The exit status of `ci-artifacts-release`, which CI reads: `pnpm spec:diff` must fail the job
// on a breaking change that no major changeset allows, and only then.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { build, changeset, cleanUp, scratchRepo } from "./scratch.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const run = (args: string[]) => {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

afterAll(cleanUp);

describe("ci-artifacts-release spec-diff", () => {
  it.each<{
    name: string;
    given: { revision: string; changesets?: Record<string, string> };
    want: { status: number; last: string };
  }>([
    {
      name: "no change",
      given: { revision: "base.yaml" },
      want: { status: 0, last: "spec:diff: passed" },
    },
    {
      name: "a breaking change without a major changeset",
      given: { revision: "operation-removed.yaml" },
      want: { status: 1, last: "spec:diff: FAILED" },
    },
    {
      name: "a breaking change with a minor changeset",
      given: {
        revision: "operation-removed.yaml",
        changesets: { minor: changeset({ "@ci-artifacts/openapi": "minor" }, "Removes an operation.") },
      },
      want: { status: 1, last: "spec:diff: FAILED" },
    },
    {
      name: "a breaking change with a major changeset",
      given: {
        revision: "operation-removed.yaml",
        changesets: { major: changeset({ "@ci-artifacts/openapi": "major" }, "Removes an operation.") },
      },
      want: { status: 0, last: "spec:diff: passed" },
    },
  ])("$name: exit $want.status", ({ given, want }) => {
    const root = scratchRepo({ ...given, version: "1.0.0" });
    build(root);
    const result = run(["spec-diff", "--root", root, "--skip-build"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(want.last);
    expect(result.status).toBe(want.status);
  });

  it("a bundle that was never built: exit 1, naming it", () => {
    const root = scratchRepo({ revision: "base.yaml", version: "1.0.0" });
    const result = run(["spec-diff", "--root", root, "--skip-build"]);
    expect(result.stderr.trim()).toBe(
      "ci-artifacts-release: packages/openapi/dist/things.json is missing: build @ci-artifacts/openapi first (pnpm build)",
    );
    expect(result.status).toBe(1);
  });
});

describe("ci-artifacts-release usage", () => {
  it.each([
    { name: "no command", given: [] },
    { name: "an unknown command", given: ["publish"] },
    { name: "two commands", given: ["spec-diff", "version"] },
    { name: "an unknown option", given: ["spec-diff", "--force"] },
  ])("$name: exit 2 with the usage", ({ given }) => {
    const result = run(given);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/usage: ci-artifacts-release <spec-diff\|version> \[--root DIR\] \[--skip-build\]/);
    expect(result.status).toBe(2);
  });
});
