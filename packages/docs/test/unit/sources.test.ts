import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { corpusEntries, corpusSection, linesOf, sourceBody, sourcePages } from "../../lib/build/sources.mjs";

describe("linesOf", () => {
  it.each([
    { name: "a final line ending ends the last line", given: "a\nb\n", want: ["a", "b"] },
    { name: "without one", given: "a\nb", want: ["a", "b"] },
    { name: "an empty line in the middle counts", given: "a\n\nb\n", want: ["a", "", "b"] },
  ])("$name", ({ given, want }) => {
    expect(linesOf(given)).toEqual(want);
  });
});

describe("sourcePages", () => {
  const names = new Map<string, { file: string } | { corpus: true }>([
    ["get.md", { file: "buddy-get.md" }],
    ["get", { file: "buddy-get.md" }],
    ["recorded", { corpus: true }],
  ]);

  it("names a page as the register cites its file (the first short name), or by the file", () => {
    expect([...sourcePages(["buddy-get.md", "facts.md"], names, "spec/R.md")]).toEqual([
      ["buddy-get.md", "sources/get.md.html"],
      ["facts.md", "sources/facts.md.html"],
    ]);
  });

  it.each([
    {
      name: "two files on one page",
      given: { files: ["buddy-get.md", "get.md"], names: new Map([["get.md", { file: "buddy-get.md" }]]) },
      want: "spec/R.md: get.md would have the page sources/get.md.html, which is buddy-get.md's",
    },
    {
      name: "a file on the index",
      given: { files: ["a.txt"], names: new Map([["index", { file: "a.txt" }]]) },
      want: "spec/R.md: a.txt would have the page sources/index.html, which is the sources' index",
    },
  ])("fails on $name, naming the register", ({ given, want }) => {
    expect(() => sourcePages(given.files, given.names, "spec/R.md")).toThrow(want);
  });
});

describe("sourceBody", () => {
  const html = sourceBody("page.txt", "Source: https://vendor.example/docs\nTaken: 2026-12-01\n-----\n<b>x</b> & y\n");

  it.each([
    {
      name: "numbers every line from 1, each its own anchor",
      want: '<tr id="L4"><td><a href="#L4">4</a></td><td><code>&lt;b&gt;x&lt;/b&gt; &amp; y</code></td></tr>',
    },
    {
      name: "links the vendor page and says when it was taken",
      want: 'A copy of <a href="https://vendor.example/docs" rel="noreferrer">https://vendor.example/docs</a>, taken 2026-12-01',
    },
    { name: "links the file as it is", want: '<a href="page.txt">The file as it is</a>' },
  ])("$name", ({ want }) => {
    expect(html).toContain(want);
  });

  it("has one row per line", () => {
    expect(html.match(/<tr id="L\d+">/g)).toHaveLength(4);
  });

  it("shows a Source that is not a URL as text", () => {
    expect(sourceBody("f.md", "Source: facts from several pages\n")).toContain("Source: facts from several pages");
  });
});

describe("corpusEntries", () => {
  const corpus = (index: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), "docs-corpus-"));
    writeFileSync(path.join(dir, "index.yaml"), index);
    writeFileSync(path.join(dir, "a.json"), "{}\n");
    return dir;
  };

  it("reads the entries", () => {
    expect(corpusEntries(corpus("- file: a.json\n  api: x\n"), "index.yaml")).toEqual([{ file: "a.json", api: "x" }]);
  });

  it.each([
    {
      name: "an entry naming a missing file",
      given: "- file: a.json\n- file: b.json\n",
      want: "index.yaml:2:3: names b.json, which is not in the folder",
    },
    {
      name: "an entry without a file",
      given: "- file: a.json\n- api: x\n",
      want: "index.yaml:2:3: an entry without `file`",
    },
    {
      name: "an index that is not a list",
      given: "file: a.json\n",
      want: "index.yaml:1: expected a list of recorded bodies",
    },
  ])("fails on $name, naming the line", ({ given, want }) => {
    expect(() => corpusEntries(corpus(given), "index.yaml")).toThrow(want);
  });
});

describe("corpusSection", () => {
  const link = { entry: (id: string) => `R#${id}`, operation: (api: string, op: string) => `${api}#/${op}` };

  it("shows where a body was found, links its operation and register entry, and the body as it is", () => {
    const html = corpusSection(
      {
        file: "b.json",
        api: "bk",
        operation: "getArtifact",
        status: "200",
        kind: "recorded",
        source: {
          repository: "o/r",
          path: "p.yml",
          commit: "0669d0435f0a",
          date: "2017-01-13",
          recorded: "2017-01-12",
        },
        redacted: { what: "the key", register: "K16" },
      },
      '{"url": "https://x/?a=1&b=<2>"}\n',
      link,
    );
    for (const want of [
      '<section class="recorded" id="b.json">',
      '<a href="bk#/getArtifact">bk <code>getArtifact</code></a>, status 200',
      "o/r <code>p.yml</code> at <code>0669d04</code>, 2017-01-13",
      'the key (<a href="R#K16">K16</a>)',
      '<pre><code class="language-json">{&quot;url&quot;: &quot;https://x/?a=1&amp;b=&lt;2&gt;&quot;}</code></pre>',
    ])
      expect(html).toContain(want);
  });
});
