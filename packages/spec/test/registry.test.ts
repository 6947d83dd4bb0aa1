import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { apiNames, findRepoRoot, readRegistry } from "../dist/registry.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url)).replace(/\/$/, "");

function scratch(redocly: string): string {
  const dir = mkdtempSync(join(tmpdir(), "registry-"));
  writeFileSync(join(dir, "redocly.yaml"), redocly);
  mkdirSync(join(dir, "nested", "deeper"), { recursive: true });
  return dir;
}

describe("the registry of APIs is redocly.yaml's apis:", () => {
  it("this repository's, in the order written", () => {
    expect(readRegistry(repoRoot)).toEqual([
      { name: "buddy", root: join(repoRoot, "spec/buddy/openapi.yaml"), folder: join(repoRoot, "spec/buddy") },
      {
        name: "buildkite",
        root: join(repoRoot, "spec/buildkite/openapi.yaml"),
        folder: join(repoRoot, "spec/buildkite"),
      },
    ]);
  });

  it("is found from any folder below the root", () => {
    const dir = scratch("apis:\n  one:\n    root: spec/one/openapi.yaml\n");
    expect(findRepoRoot(join(dir, "nested", "deeper"))).toBe(dir);
    expect(apiNames(dir)).toEqual(["one"]);
  });

  it.each([
    { name: "no apis", given: "extends: []\n", want: /redocly\.yaml:1:1: `apis:` must map each API's name/ },
    {
      name: "an entry without root",
      given: "apis:\n  one:\n    x: 1\n",
      want: /redocly\.yaml:2:3: apis\.one: needs `root:`/,
    },
    {
      name: "a name that cannot be a file name",
      given: "apis:\n  One Two:\n    root: a.yaml\n",
      want: /redocly\.yaml:2:3: API name "One Two"/,
    },
    { name: "invalid YAML", given: "apis: [\n", want: /redocly\.yaml:\d+:\d+: invalid YAML/ },
  ])("bad input names the file and line: $name", ({ given, want }) => {
    expect(() => readRegistry(scratch(given))).toThrow(want);
  });
});
