import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { brokenLinks, readPage, siteHref } from "../../lib/build/links.mjs";
import { minifyPage } from "../../lib/build/minify.mjs";

const repo = mkdtempSync(path.join(tmpdir(), "docs-links-"));
for (const dir of ["packages/client/examples", "packages/kit", "spec/sources", "tools/corpus"])
  mkdirSync(path.join(repo, dir), { recursive: true });
for (const file of [
  "packages/client/README.md",
  "packages/kit/README.md",
  "packages/kit/ENGINE.md",
  "packages/client/LICENSE",
  "spec/R.md",
  "spec/sources/a.txt",
  "tools/corpus/b.json",
])
  writeFileSync(path.join(repo, file), "");
const at = (file: string) => path.join(repo, file);
const map = {
  pages: new Map([
    [at("packages/client/README.md"), "guides/client.html"],
    [at("packages/kit/README.md"), "guides/kit.html"],
    [at("packages/kit/ENGINE.md"), "guides/kit-engine.html"],
    [at("spec/R.md"), "discrepancies.html"],
    [at("spec/sources/a.txt"), "sources/a.txt.html"],
    [at("tools/corpus"), "sources/recorded.html"],
    [at("tools/corpus/b.json"), "sources/recorded.html#b.json"],
  ]),
  fallback: (file: string) => `https://code.example/${path.relative(repo, file)}`,
};
const fromClient = {
  file: at("packages/client/README.md"),
  page: "guides/client.html",
  shown: "packages/client/README.md",
};

describe("siteHref", () => {
  it.each([
    { name: "a link off the site", given: "https://openapi-ts.dev", want: "https://openapi-ts.dev" },
    { name: "an anchor on the page", given: "#runtimes", want: "#runtimes" },
    { name: "another package by its folder", given: "../kit", want: "kit.html" },
    { name: "another package's README, with an anchor", given: "../kit/README.md#api", want: "kit.html#api" },
    { name: "a Markdown file of a package", given: "../kit/ENGINE.md", want: "kit-engine.html" },
    { name: "the register", given: "../../spec/R.md#B01", want: "../discrepancies.html#B01" },
    { name: "a source, at a line", given: "../../spec/sources/a.txt#L3", want: "../sources/a.txt.html#L3" },
    { name: "a folder with a page", given: "../../tools/corpus/", want: "../sources/recorded.html" },
    {
      name: "a file whose page is an anchor of another",
      given: "../../tools/corpus/b.json",
      want: "../sources/recorded.html#b.json",
    },
    { name: "an absolute path of the repository", given: at("spec/sources/a.txt"), want: "../sources/a.txt.html" },
    {
      name: "a file without a page, on the code host",
      given: "LICENSE",
      want: "https://code.example/packages/client/LICENSE",
    },
  ])("$name", ({ given, want }) => {
    expect(siteHref(map, fromClient, given)).toBe(want);
  });

  it.each([
    {
      name: "a file that does not exist",
      given: { map, href: "missing.md" },
      want: "packages/client/README.md: links to missing.md, which does not exist",
    },
    {
      name: "a file without a page and no code host",
      given: { map: { pages: map.pages }, href: "LICENSE" },
      want: "packages/client/README.md: links to LICENSE, which has no page on the site",
    },
  ])("fails on $name, naming the file and the link", ({ given, want }) => {
    expect(() => siteHref(given.map, fromClient, given.href)).toThrow(want);
  });
});

describe("brokenLinks", () => {
  const dist = mkdtempSync(path.join(tmpdir(), "docs-dist-"));
  mkdirSync(path.join(dist, "guides"));
  mkdirSync(path.join(dist, "api"));
  writeFileSync(path.join(dist, "site.css"), "");
  writeFileSync(
    path.join(dist, "index.html"),
    '<a href="guides/a.html#ok">x</a><link href="site.css"><a href="https://x.example/y">off</a>',
  );
  writeFileSync(
    path.join(dist, "guides/a.html"),
    '<h2 id="ok">x</h2><a href="#ok">self</a><a href="#gone">bad</a><a href="b.html">bad</a><a href="../api/index.html#/tag/op">ref</a><a href="../api/index.html#/tag/nope">bad</a><a href="../../out.html">bad</a>',
  );
  writeFileSync(
    path.join(dist, "api/index.html"),
    '<nav><a href="../index.html">home</a></nav><div id="redoc"><a href="#/anything">Redoc\'s own</a></div>',
  );

  it("reports each broken link with its page, and nothing else", () => {
    expect(brokenLinks(dist, new Map([["api/index.html", new Set(["/tag/op"])]])).sort()).toEqual([
      "guides/a.html: #gone points at #gone, which guides/a.html does not have",
      "guides/a.html: ../../out.html points at ../out.html, which the site does not have",
      "guides/a.html: ../api/index.html#/tag/nope points at #/tag/nope, which api/index.html does not have",
      "guides/a.html: b.html points at guides/b.html, which the site does not have",
    ]);
  });
});

describe("readPage", () => {
  it.each([
    {
      name: "quoted attributes",
      given: '<h2 id="a">x</h2><a href="b.html#c">b</a><img src="f.svg" alt="">',
      want: { links: ["b.html#c", "f.svg"], ids: ["a"] },
    },
    {
      name: "unquoted and single-quoted ones, entities decoded",
      given: "<h2 id=a>x</h2><a href=b.html#c>b</a><a href='d.html?x=1&amp;y=2'>d</a><link href=s.css rel=stylesheet>",
      want: { links: ["b.html#c", "d.html?x=1&y=2", "s.css"], ids: ["a"] },
    },
    {
      name: "not the links inside Redoc's root, but its ids",
      given:
        '<nav><a href="../index.html">home</a></nav><div id="redoc"><p><a href="#/x" id="op">x</a></p></div><a href="after.html">a</a>',
      want: { links: ["../index.html", "after.html"], ids: ["redoc", "op"] },
    },
  ])("$name", ({ given, want }) => {
    const read = readPage(given);
    expect({ links: read.links, ids: [...read.ids] }).toEqual(want);
  });

  it("reads a minified page as its source", () => {
    const page =
      '<!doctype html>\n<html lang="en">\n<head>\n<link rel="stylesheet" href="site.css">\n</head>\n<body>\n<ul>\n<li><a href="a.html#x">a</a></li>\n<li id="y"><a href="#y">y</a></li>\n</ul>\n</body>\n</html>\n';
    const small = minifyPage(page);
    expect(small.length).toBeLessThan(page.length);
    expect(small).not.toContain('href="');
    const read = readPage(small);
    expect({ links: read.links, ids: [...read.ids] }).toEqual({ links: ["site.css", "a.html#x", "#y"], ids: ["y"] });
  });
});

describe("brokenLinks on minified pages", () => {
  it("finds a broken link whatever the quoting", () => {
    const dist = mkdtempSync(path.join(tmpdir(), "docs-dist-min-"));
    writeFileSync(
      path.join(dist, "index.html"),
      "<h2 id=ok>x</h2><a href=#ok>ok</a><a href=#gone>bad</a><a href=b.html>bad</a>",
    );
    expect(brokenLinks(dist, new Map()).sort()).toEqual([
      "index.html: #gone points at #gone, which index.html does not have",
      "index.html: b.html points at b.html, which the site does not have",
    ]);
  });
});
