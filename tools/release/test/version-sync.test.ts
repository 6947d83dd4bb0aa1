// Each API's info.version follows the version of @ci-artifacts/openapi.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apis, layout, packageVersion, readJson, releasedFile, repoRoot } from "../src/repo.js";
import { checkInfoVersions, readInfoVersion, setInfoVersion } from "../src/version-sync.js";

describe("this repository", () => {
  const version = packageVersion(layout().openapiDir);

  it("finds both APIs in spec/", () => {
    expect(apis()).toEqual(["buddy", "buildkite"]);
  });

  it.each(apis().map((api) => ({ name: api })))(
    "$name: info.version equals the version of @ci-artifacts/openapi",
    ({ name }) => {
      expect(checkInfoVersions().mismatches.filter(({ file }) => file.includes(`/spec/${name}/`))).toEqual([]);
    },
  );

  it.each(apis().map((api) => ({ name: api })))(
    "$name: the released baseline is of the current package version",
    ({ name }) => {
      const file = releasedFile(repoRoot, name);
      expect(existsSync(file), `${file} is missing`).toBe(true);
      expect((readJson(file) as { info: { version: string } }).info.version).toBe(version);
    },
  );
});

describe("setInfoVersion", () => {
  const spec = (version: string) =>
    `openapi: 3.1.0\ninfo:\n  title: T # the title\n  version: ${version} # follows the package\n  summary: "version: 9.9.9 is not it"\npaths: {}\n`;

  it.each([
    { name: "a plain scalar", given: { text: spec("0.1.0"), version: "0.2.0" }, want: spec("0.2.0") },
    { name: "a quoted scalar", given: { text: spec('"0.1.0"'), version: "1.0.0" }, want: spec("1.0.0") },
    { name: "a pre-release", given: { text: spec("1.0.0"), version: "2.0.0-next.1" }, want: spec("2.0.0-next.1") },
    { name: "the same version", given: { text: spec("0.1.0"), version: "0.1.0" }, want: spec("0.1.0") },
  ])("$name", ({ given, want }) => {
    const result = setInfoVersion(given.text, given.version, "openapi.yaml");
    expect(result).toBe(want);
    expect(readInfoVersion(result, "openapi.yaml")).toBe(given.version);
  });

  it.each([
    {
      name: "no info.version",
      given: "openapi: 3.1.0\ninfo:\n  title: T\n",
      want: "spec/x/openapi.yaml: no info.version scalar",
    },
    { name: "broken YAML", given: "openapi: 3.1.0\ninfo: [\n", want: /^spec\/x\/openapi\.yaml:\d+: / },
  ])("fails on $name, naming the file", ({ given, want }) => {
    expect(() => setInfoVersion(given, "1.0.0", "spec/x/openapi.yaml")).toThrow(want);
  });

  it("leaves the spec files as they are apart from the version", () => {
    for (const api of apis()) {
      const file = `${repoRoot}/spec/${api}/openapi.yaml`;
      const text = readFileSync(file, "utf8");
      const bumped = setInfoVersion(text, "99.0.0", file);
      expect(bumped.split("\n").filter((line, index) => line !== text.split("\n")[index])).toEqual([
        "  version: 99.0.0",
      ]);
    }
  });
});
