import { describe, expect, it } from "vitest";
import { citedSources, linkCitations } from "../../lib/build/citations.mjs";

const TABLE = `| short name | what it is |
|---|---|
| *create* | Buddy, [\`sources/c.txt\`](sources/c.txt) (buddy.works/...) |
| *get.md*, *get.txt* | two renderings: [\`sources/g.md\`](sources/g.md), [\`sources/g.txt\`](sources/g.txt) |
| *recorded* | \`tools/corpus/\` in this repository |
| *plain* | no file named |
`;

describe("citedSources", () => {
  it("pairs each short name with its file, or with the corpus", () => {
    expect([...citedSources(TABLE, "tools/corpus/")]).toEqual([
      ["create", { file: "c.txt" }],
      ["get.md", { file: "g.md" }],
      ["get.txt", { file: "g.txt" }],
      ["recorded", { corpus: true }],
    ]);
  });
});

describe("linkCitations", () => {
  const names = citedSources(TABLE, "tools/corpus/");
  const options = {
    names,
    file: "spec/R.md",
    lineCount: (file: string) => ({ "c.txt": 200, "g.md": 190, "g.txt": 120 })[file] ?? 0,
    href: (cited: { file: string } | { corpus: true }, line?: number) =>
      "file" in cited ? `S/${cited.file}${line ? `#L${line}` : ""}` : "CORPUS",
  };

  it.each([
    { name: "a line, its name not linked beside it", given: "(*create*:175)", want: "(*create*:[175](S/c.txt#L175))" },
    { name: "a range links its first line", given: "*get.md*:28-65", want: "*get.md*:[28-65](S/g.md#L28)" },
    {
      name: "a list of lines, wrapped onto the next line",
      given: "(*get.md*:36, 44,\n  123; *create*:42)",
      want: "(*get.md*:[36](S/g.md#L36), [44](S/g.md#L44),\n  [123](S/g.md#L123); *create*:[42](S/c.txt#L42))",
    },
    {
      name: "a name links its page once per section",
      given: "### A\n*create* and *create*\n### B\n*create*",
      want: "### A\n[*create*](S/c.txt) and *create*\n### B\n[*create*](S/c.txt)",
    },
    {
      name: "no page link for a name whose section cites its lines, before or after",
      given: "### A\n*create*, then *create*:3 and *get.md*\n### B\n*get.md*:4 after *get.md*",
      want: "### A\n*create*, then *create*:[3](S/c.txt#L3) and [*get.md*](S/g.md)\n### B\n*get.md*:[4](S/g.md#L4) after *get.md*",
    },
    {
      name: "no page link for a name whose line links its file already",
      given: "| *create* | [`sources/c.txt`](sources/c.txt) |\n| *get.md* | [x](sources/other.md) |",
      want: "| *create* | [`sources/c.txt`](sources/c.txt) |\n| [*get.md*](S/g.md) | [x](sources/other.md) |",
    },
    {
      name: "a line of a code block that starts with # is no heading",
      given: "### A\n*create*:3\n```sh\n# a comment\n```\n*create*",
      want: "### A\n*create*:[3](S/c.txt#L3)\n```sh\n# a comment\n```\n*create*",
    },
    { name: "the corpus", given: "(*recorded*, the note)", want: "([*recorded*](CORPUS), the note)" },
    {
      name: "the corpus beside one of its bodies, which the page links",
      given: "### A\n(*recorded* `a.json`)\n### B\n(*recorded* `other.json`)",
      want: "### A\n(*recorded* `a.json`)\n### B\n([*recorded*](CORPUS) `other.json`)",
    },
    { name: "emphasis that names no source stays", given: "*versions* and *plain*", want: "*versions* and *plain*" },
    {
      name: "nothing in code changes",
      given: "`*create*:175` and\n```\n*create*:1\n```\n",
      want: "`*create*:175` and\n```\n*create*:1\n```\n",
    },
  ])("$name", ({ given, want }) => {
    expect(linkCitations(given, { ...options, bodies: ["a.json"] })).toBe(want);
  });

  it.each([
    {
      name: "a line past the end of the file",
      given: "x\n(*get.txt*:112-121)",
      want: "spec/R.md:2: cites *get.txt*:112-121, but g.txt has lines 1 to 120",
    },
    { name: "a line 0", given: "*create*:0", want: "spec/R.md:1: cites *create*:0, but c.txt has lines 1 to 200" },
    {
      name: "lines of a name the table does not define",
      given: "a\nb\n(*update*:12)",
      want: "spec/R.md:3: cites *update*:12, but the sources table defines no *update*",
    },
  ])("fails on $name, naming the register's line", ({ given, want }) => {
    expect(() => linkCitations(given, options)).toThrow(want);
  });
});
