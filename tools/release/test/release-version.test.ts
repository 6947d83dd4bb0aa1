// The step after `changeset version`, on a scratch repository with one small API.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { releaseVersion } from "../src/release-version.js";
import { build, cleanUp, scratchRepo, specFixtures } from "./scratch.js";

afterEach(cleanUp);
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
    // As `changeset version` leaves it: the package bumped, its CHANGELOG entry written.
    const changelog = `# @ci-artifacts/openapi\n\n## ${given.version}\n\n### Changes\n\n- abc: A change.\n\n## 1.0.0\n\n- First.\n`;
    const at = scratchRepo({ ...given, changelog });
    expect(releaseVersion(at, build).released).toBe(true);

    const written = read(at, "packages/openapi/CHANGELOG.md");
    const entry = written.slice(written.indexOf(`## ${given.version}`), written.indexOf("## 1.0.0"));
    expect(entry).toContain("### API changes\n\n#### things\n\n");
    expect(entry).toContain(want);
    expect(entry).not.toContain("info");

    expect(read(at, "spec/things/openapi.yaml")).toBe(
      read(specFixtures, given.revision).replace("  version: 1.0.0\n", `  version: ${given.version}\n`),
    );
    expect(read(at, "packages/openapi/released/things.json")).toBe(read(at, "packages/openapi/dist/things.json"));
    expect(JSON.parse(read(at, "packages/openapi/released/things.json")).info.version).toBe(given.version);

    // Run again (say, a second `changeset version` with nothing pending): nothing to do.
    const again = releaseVersion(at, build);
    expect(again).toEqual({
      released: false,
      messages: [`@ci-artifacts/openapi stays at ${given.version}: nothing to do`],
    });
    expect(read(at, "packages/openapi/CHANGELOG.md")).toBe(written);
  });

  it("does nothing when @ci-artifacts/openapi was not bumped", () => {
    const at = scratchRepo({ revision: "base.yaml", version: "1.0.0" });
    const before = read(at, "spec/things/openapi.yaml");
    expect(releaseVersion(at, build).released).toBe(false);
    expect(read(at, "spec/things/openapi.yaml")).toBe(before);
  });
});
