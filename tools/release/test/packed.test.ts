// Packages as users get them: @ci-artifacts/openapi packed, linted, installed
// with npm into a project outside the workspace and resolved from there; and the
// harness itself, on small packages that are wrong in one way each.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPackedPackage, exportSubpaths, type PackCheckReport, unwantedFiles } from "../src/pack-check.js";
import { layout } from "../src/repo.js";

const { openapiDir } = layout();
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "packages");

describe("@ci-artifacts/openapi, packed and installed", () => {
  const manifest = JSON.parse(readFileSync(path.join(openapiDir, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, string>;
  };
  let report: PackCheckReport;
  beforeAll(async () => {
    // A data-only package: attw finds no types to check, and is told to expect none.
    report = await checkPackedPackage(openapiDir, { expectTypes: false });
  });

  it("passes publint, attw and the consumer checks", () => {
    expect(report.problems).toEqual([]);
  });

  // Three bundles per API (YAML, JSON, dereferenced JSON), exported by pattern from dist/.
  const bundles = ["buddy", "buildkite"].flatMap((api) => [
    `dist/${api}.yaml`,
    `dist/${api}.json`,
    `dist/${api}.dereferenced.json`,
  ]);

  it("ships its bundles, the README, the CHANGELOG and the license, nothing else", () => {
    expect(report.files).toEqual([...bundles, "package.json", "README.md", "CHANGELOG.md", "LICENSE"].sort());
  });

  it.each(
    [...bundles.map((file) => `./${file.slice("dist/".length)}`), "./package.json"].map((subpath) => ({
      name: subpath,
      given: subpath,
      want: subpath === "./package.json" ? "package.json" : `dist/${subpath.slice(2)}`,
    })),
  )("a consumer resolves $name with import and require", ({ given, want }) => {
    const specifier = `${manifest.name}/${given.slice(2)}`;
    expect(report.exports).toContainEqual({ specifier, imported: want, required: want });
  });
});

describe("the harness catches what should not ship", () => {
  const scratch: string[] = [];
  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });
  const copy = (name: string): string => {
    const dir = mkdtempSync(path.join(tmpdir(), `ci-artifacts-${name}-`));
    scratch.push(dir);
    cpSync(path.join(fixtures, name), dir, { recursive: true });
    return dir;
  };

  it.each([
    {
      name: "ships-tests",
      want: [
        "lib/data.json.map: a source map is in the tarball",
        "test/data.test.js: a test folder is in the tarball",
        "test/data.test.js: a test file is in the tarball",
        "test/fixtures/input.json: a test folder is in the tarball",
        "test/fixtures/input.json: a fixture folder is in the tarball",
      ],
    },
    {
      name: "broken-exports",
      want: [
        'publint error: pkg.exports["./missing.json"] is ./lib/missing.json but the file does not exist.',
        // Node names the scratch project's temporary folder.
        expect.stringMatching(
          /^import "broken-exports\/missing\.json": Cannot find module '\/.*\/node_modules\/broken-exports\/lib\/missing\.json' imported from /,
        ),
        expect.stringMatching(
          /^require\.resolve\("broken-exports\/missing\.json"\): Cannot find module '\/.*\/node_modules\/broken-exports\/lib\/missing\.json'$/,
        ),
        '"broken-exports/missing.json" resolved to lib/missing.json, which the tarball does not hold',
        '"broken-exports/bad.yaml" (lib/bad.yaml) does not parse: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1:',
      ],
    },
  ])("$name", async ({ name, want }) => {
    const { problems } = await checkPackedPackage(copy(name), { expectTypes: false });
    expect(problems).toEqual(want);
  });

  it("a package expected to ship types fails when it ships none", async () => {
    const { problems } = await checkPackedPackage(copy("broken-exports"), { expectTypes: true });
    expect(problems).toContain("attw: the package ships no types, but types were expected");
  });
});

describe("unwantedFiles", () => {
  it.each([
    {
      name: "built code and data",
      given: ["dist/index.js", "dist/index.d.ts", "dist/buddy.json", "README.md"],
      want: [],
    },
    {
      name: "a test folder",
      given: ["dist/__tests__/a.js"],
      want: ["dist/__tests__/a.js: a test folder is in the tarball"],
    },
    { name: "a spec file", given: ["dist/a.spec.mjs"], want: ["dist/a.spec.mjs: a test file is in the tarball"] },
    {
      name: "a fixture folder",
      given: ["fixtures/a.yaml"],
      want: ["fixtures/a.yaml: a fixture folder is in the tarball"],
    },
    {
      name: "a declaration map",
      given: ["dist/index.d.ts.map"],
      want: ["dist/index.d.ts.map: a source map is in the tarball"],
    },
    {
      name: "a vitest config",
      given: ["vitest.config.ts"],
      want: ["vitest.config.ts: a test configuration is in the tarball"],
    },
  ])("$name", ({ given, want }) => {
    expect(unwantedFiles(given)).toEqual(want);
  });
});

describe("exportSubpaths", () => {
  it.each([
    { name: "no exports map", given: { name: "a", version: "1.0.0" }, want: ["."] },
    { name: "a string", given: { name: "a", version: "1.0.0", exports: "./index.js" }, want: ["."] },
    {
      name: "root conditions",
      given: { name: "a", version: "1.0.0", exports: { types: "./a.d.ts", default: "./a.js" } },
      want: ["."],
    },
    {
      name: "subpaths, and a pattern with no packed file to match",
      given: { name: "a", version: "1.0.0", exports: { ".": "./a.js", "./b.json": "./b.json", "./c/*": "./c/*.js" } },
      want: [".", "./b.json"],
    },
  ])("$name", ({ given, want }) => {
    expect(exportSubpaths(given)).toEqual(want);
  });

  it("expands a pattern to every packed file its target matches", () => {
    const manifest = {
      name: "a",
      version: "1.0.0",
      exports: { "./*.json": "./dist/*.json", "./package.json": "./package.json" },
    };
    const files = ["dist/x.json", "dist/x.dereferenced.json", "dist/x.yaml", "README.md", "package.json"];
    expect(exportSubpaths(manifest, files)).toEqual(["./x.json", "./x.dereferenced.json", "./package.json"]);
  });
});
