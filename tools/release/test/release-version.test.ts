// The step after `changeset version`, on a scratch repository with one small API.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { releaseVersion } from "../src/release-version.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "spec-diff");
let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Stands in for `pnpm --filter @ci-artifacts/openapi run build`: spec YAML to dist JSON. */
function build(at: string): void {
  const text = readFileSync(path.join(at, "spec", "things", "openapi.yaml"), "utf8");
  mkdirSync(path.join(at, "packages", "openapi", "dist"), { recursive: true });
  writeFileSync(path.join(at, "packages", "openapi", "dist", "things.json"), JSON.stringify(parse(text), null, 2));
}

/**
 * A repository right after `changeset version` bumped @ci-artifacts/openapi to
 * `version`: released/ holds 1.0.0 (base.yaml), spec/ holds `revision` at 1.0.0.
 */
function scratch(revision: string, version: string, changelog: string): string {
  root = mkdtempSync(path.join(tmpdir(), "ci-artifacts-release-"));
  const openapi = path.join(root, "packages", "openapi");
  mkdirSync(path.join(root, "spec", "things"), { recursive: true });
  mkdirSync(path.join(openapi, "released"), { recursive: true });
  cpSync(path.join(fixtures, revision), path.join(root, "spec", "things", "openapi.yaml"));
  writeFileSync(path.join(openapi, "released", "things.json"), JSON.stringify(parse(readFileSync(path.join(fixtures, "base.yaml"), "utf8"))));
  writeFileSync(path.join(openapi, "package.json"), JSON.stringify({ name: "@ci-artifacts/openapi", version }));
  writeFileSync(path.join(openapi, "CHANGELOG.md"), changelog);
  build(root);
  return root;
}

const read = (at: string, file: string) => readFileSync(path.join(at, file), "utf8");

describe("releaseVersion", () => {
  it.each([
    {
      name: "a major release that removes a response field",
      given: { revision: "response-field-removed.yaml", version: "2.0.0" },
      want: "- **Breaking:** listThings (GET /things) — response 200 application/json: `[].size`; through `Thing` also the responses of getThing (GET /things/{id}), updateThing (PUT /things/{id}): Property `size` of `Thing` was removed. [property-removed]",
    },
    {
      name: "a minor release that adds an operation",
      given: { revision: "operation-added.yaml", version: "1.1.0" },
      want: "- Added: deleteThing (DELETE /things/{id}): Operation added.",
    },
  ])("$name", ({ given, want }) => {
    const at = scratch(given.revision, given.version, `# @ci-artifacts/openapi\n\n## ${given.version}\n\n### Changes\n\n- abc: A change.\n\n## 1.0.0\n\n- First.\n`);
    const step = releaseVersion(at, build);
    expect(step.released).toBe(true);

    const changelog = read(at, "packages/openapi/CHANGELOG.md");
    const entry = changelog.slice(changelog.indexOf(`## ${given.version}`), changelog.indexOf("## 1.0.0"));
    expect(entry).toContain("### API changes\n\n#### things\n\n");
    expect(entry).toContain(want);
    expect(entry).not.toContain("info");

    expect(read(at, "spec/things/openapi.yaml")).toBe(
      read(fixtures, given.revision).replace("  version: 1.0.0\n", `  version: ${given.version}\n`),
    );
    expect(read(at, "packages/openapi/released/things.json")).toBe(read(at, "packages/openapi/dist/things.json"));
    expect(JSON.parse(read(at, "packages/openapi/released/things.json")).info.version).toBe(given.version);

    // Run again (say, a second `changeset version` with nothing pending): nothing to do.
    const again = releaseVersion(at, build);
    expect(again).toEqual({ released: false, messages: [`@ci-artifacts/openapi stays at ${given.version}: nothing to do`] });
    expect(read(at, "packages/openapi/CHANGELOG.md")).toBe(changelog);
  });

  it("does nothing when @ci-artifacts/openapi was not bumped", () => {
    const at = scratch("base.yaml", "1.0.0", "# @ci-artifacts/openapi\n\n## 1.0.0\n\n- First.\n");
    const before = read(at, "spec/things/openapi.yaml");
    expect(releaseVersion(at, build).released).toBe(false);
    expect(read(at, "spec/things/openapi.yaml")).toBe(before);
  });
});
