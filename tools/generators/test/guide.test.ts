// The guide's format: bad Markdown is refused with its line, and the real guide pins exactly the
// versions this package installs, with one tested part per generator.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GENERATORS } from "./support/generators.js";
import { GUIDE_HEADING, parseGuide, readGuide } from "./support/guide.js";
import { installedVersion, PACKAGE_ROOT } from "./support/project.js";

const readme = join(dirname(fileURLToPath(import.meta.resolve("@ci-artifacts/openapi/buddy.json"))), "..", "README.md");
const fence = "```";

describe("parseGuide", () => {
  it.each([
    {
      name: "a section with no generator",
      given: `${GUIDE_HEADING}\n\ntext\n`,
      want: /x\.md:1: "## Generating your own client" has no "###" part/,
    },
    { name: "no section", given: "# title\n", want: /x\.md: no "## Generating your own client" section/ },
    {
      name: "an unclosed block",
      given: `${GUIDE_HEADING}\n### a\n\n${fence}sh\nnpx a\n`,
      want: /x\.md:4: code block never closed/,
    },
    {
      name: "a block that is neither shell nor a named file",
      given: `${GUIDE_HEADING}\n### a\n${fence}ts\nconst a = 1;\n${fence}\n`,
      want: /x\.md:3: a `ts` block must be `sh` or start with a comment naming its file/,
    },
    {
      name: "an install without an exact version",
      given: `${GUIDE_HEADING}\n### a\n${fence}sh\nnpm install --save-dev orval@^7\n${fence}\n`,
      want: /x\.md:3: install orval@\^7: give an exact version/,
    },
    {
      name: "an install among commands",
      given: `${GUIDE_HEADING}\n### a\n${fence}sh\nnpm install a@1.0.0\nnpx a\n${fence}\n`,
      want: /x\.md:3: put `npm install` in a block of its own/,
    },
    {
      name: "a file outside the project",
      given: `${GUIDE_HEADING}\n### a\n${fence}ts\n// ../x.ts\n${fence}\n`,
      want: /x\.md:4: file path \.\.\/x\.ts must stay inside the project/,
    },
  ])("refuses $name, naming the line", ({ given, want }) => {
    expect(() => parseGuide(given, "x.md")).toThrow(want);
  });

  it("reads installs, commands and files, in their parts", () => {
    const given = [
      GUIDE_HEADING,
      `${fence}jsonc`,
      "// tsconfig.json",
      "{}",
      fence,
      "### gen",
      `${fence}sh`,
      "npm install --save-dev --save-exact gen@1.2.3 @scope/run@4.5.6",
      fence,
      `${fence}sh`,
      "npx gen -o src",
      fence,
      "## Next",
      `${fence}sh`,
      "not read",
      fence,
    ].join("\n");
    expect(parseGuide(given, "x.md")).toEqual({
      file: "x.md",
      shared: {
        title: "",
        line: 1,
        blocks: [{ kind: "file", line: 2, path: "tsconfig.json", text: "// tsconfig.json\n{}\n" }],
      },
      parts: [
        {
          title: "gen",
          line: 6,
          blocks: [
            {
              kind: "install",
              line: 7,
              packages: [
                { name: "gen", version: "1.2.3" },
                { name: "@scope/run", version: "4.5.6" },
              ],
            },
            { kind: "commands", line: 10, script: "npx gen -o src\n" },
          ],
        },
      ],
    });
  });
});

describe("the guide in @ci-artifacts/openapi's README", () => {
  const guide = readGuide(readme);
  const catalog = readFileSync(join(PACKAGE_ROOT, "..", "..", "pnpm-workspace.yaml"), "utf8");

  it("has one part per tested generator, and code only in those parts", () => {
    const withCode = guide.parts.filter((part) => part.blocks.length > 0).map((part) => part.title);
    expect(withCode).toEqual(GENERATORS.map((generator) => generator.title));
  });

  it("has a test file and a probe per generator", () => {
    const ids = GENERATORS.map((generator) => generator.id).sort();
    const tests = readdirSync(join(PACKAGE_ROOT, "test", "matrix")).map((file) => file.replace(/\.test\.ts$/, ""));
    const probes = readdirSync(join(PACKAGE_ROOT, "test", "probes")).map((file) => file.replace(/\.ts$/, ""));
    expect(tests.sort()).toEqual(ids);
    expect(probes.filter((name) => name !== "run" && name !== "types").sort()).toEqual(ids);
  });

  it.each(GENERATORS.map((generator) => ({ name: generator.id, generator })))(
    "$name: installs the versions installed here, pinned in the catalog",
    ({ generator }) => {
      const part = guide.parts.find((p) => p.title === generator.title);
      const installed = (part?.blocks ?? []).flatMap((block) => (block.kind === "install" ? block.packages : []));
      expect(installed.map((p) => p.name).sort()).toEqual([...generator.packages].sort());
      for (const { name, version } of installed) {
        expect(version, name).toBe(installedVersion(name));
        expect(catalog, name).toMatch(new RegExp(`^ {2}"?${name.replace(/[/.]/g, "\\$&")}"?: ${version}$`, "m"));
      }
    },
  );
});
