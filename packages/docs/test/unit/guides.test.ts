import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GUIDES, markdownHeadings, readGuide, withoutTitle } from "../../lib/build/guides.mjs";

const packages = mkdtempSync(path.join(tmpdir(), "docs-guides-"));
mkdirSync(path.join(packages, "kit"));
writeFileSync(
  path.join(packages, "kit", "README.md"),
  "# @x/kit\n\nChecks bodies\nagainst the contract.\n\n```sh\nnpm i\n# not a heading\n```\n\n## In a `vitest` suite\n\ntext\n\n### API\n",
);
const guide = { id: "kit", package: "kit", title: "Checking payloads", needs: ["In a vitest suite", "API"] };

describe("readGuide", () => {
  it("gives the README without its title, and its lead paragraph", () => {
    const read = readGuide(guide, packages, "packages/kit/README.md");
    expect(read.markdown.startsWith("\nChecks bodies")).toBe(true);
    expect(read.lead).toBe("Checks bodies\nagainst the contract.");
  });

  it.each([
    {
      name: "a heading the README lacks",
      given: { ...guide, needs: ["API", "Retries"] },
      want: 'packages/kit/README.md: has no section "Retries", which the guide "Checking payloads" (guides/kit.html) needs',
    },
    {
      name: "a heading inside a code block only",
      given: { ...guide, needs: ["not a heading"] },
      want: 'has no section "not a heading"',
    },
    {
      name: "a README that is missing",
      given: { ...guide, package: "gone" },
      want: 'packages/gone/README.md: missing; the guide "Checking payloads" renders it',
    },
  ])("fails on $name, naming the README and the heading", ({ given, want }) => {
    const shown = `packages/${given.package}/README.md`;
    expect(() => readGuide(given, packages, shown)).toThrow(want);
  });

  it("has a guide for each package the site promises", () => {
    expect(GUIDES.map((g) => g.package)).toEqual(["client", "cli", "mock", "contract", "openapi"]);
  });
});

describe("markdownHeadings", () => {
  it("finds ATX headings outside fenced code, with their lines", () => {
    expect(markdownHeadings("# A\n```\n# no\n```\n~~~\n## no\n~~~\n## B ##\n")).toEqual([
      { depth: 1, text: "A", line: 1 },
      { depth: 2, text: "B", line: 8 },
    ]);
  });
});

describe("withoutTitle", () => {
  it.each([
    { name: "drops a first-level title", given: "# T\n\ntext\n", want: "\ntext\n" },
    { name: "keeps a text without one", given: "## Sub\n", want: "## Sub\n" },
  ])("$name", ({ given, want }) => {
    expect(withoutTitle(given)).toBe(want);
  });
});
