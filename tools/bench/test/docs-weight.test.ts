// Item 6 weighs a page as what the browser loads for it: these rows pin what counts.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadedFiles, weighSite } from "../src/docs-weight.mjs";

describe("loadedFiles", () => {
  it.each([
    {
      name: "a stylesheet and an icon",
      given: '<link rel="icon" href="../favicon.svg"><link rel="stylesheet" href="../site.css">',
      want: ["../favicon.svg", "../site.css"],
    },
    {
      name: "a script and an image, each once",
      given: '<script src="a.js"></script><img src="f.svg"><img src="f.svg">',
      want: ["a.js", "f.svg"],
    },
    {
      name: "not links to pages, downloads, other origins or data",
      given:
        '<a href="b.html">b</a><link rel="alternate" href="x.xml"><img src="data:image/svg+xml,x"><script src="https://cdn.example/x.js"></script>',
      want: [],
    },
    { name: "a URL's query and fragment", given: '<link rel="stylesheet" href="site.css?v=2#x">', want: ["site.css"] },
    {
      name: "a minified page's unquoted and single-quoted attributes",
      given:
        "<link href=../site.css rel=stylesheet><link href='../prose.css' rel='stylesheet'><img alt height=24 src=f.svg>",
      want: ["../site.css", "../prose.css", "f.svg"],
    },
    {
      name: "a rel of several words, in any case",
      given: '<LINK REL="Icon shortcut" HREF="favicon.svg"><link rel=alternate href=feed.xml>',
      want: ["favicon.svg"],
    },
    {
      name: "a > inside a quoted value",
      given: '<img alt="a > b" src="x.png">',
      want: ["x.png"],
    },
  ])("$name", ({ given, want }) => {
    expect(loadedFiles(given)).toEqual(want);
  });
});

describe("weighSite", () => {
  it("adds what each page loads to its HTML, and fails on a load the site lacks", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bench-docs-"));
    mkdirSync(path.join(dir, "guides"));
    writeFileSync(path.join(dir, "site.css"), "x".repeat(100));
    const home = '<link rel="stylesheet" href="site.css">';
    const guide = '<link rel="stylesheet" href="../site.css"><a href="../index.html">home</a>';
    writeFileSync(path.join(dir, "index.html"), home);
    writeFileSync(path.join(dir, "guides", "a.html"), guide);
    expect(weighSite(dir).map(({ page, html, total, loads }) => ({ page, html, total, loads }))).toEqual([
      {
        page: "guides/a.html",
        html: guide.length,
        total: guide.length + 100,
        loads: [{ file: "site.css", bytes: 100 }],
      },
      { page: "index.html", html: home.length, total: home.length + 100, loads: [{ file: "site.css", bytes: 100 }] },
    ]);

    writeFileSync(path.join(dir, "index.html"), '<img src="gone.png">');
    expect(() => weighSite(dir)).toThrow("index.html loads gone.png, which the site does not have");
  });
});
