import { describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY, escapeHtml, layout, renderMarkdown, sitePages } from "../../lib/build/pages.mjs";

describe("renderMarkdown", () => {
  it.each([
    {
      name: "a register entry gets its id as anchor",
      given: "### B01 The artifact ID",
      want: '<h3 id="B01"><a class="anchor" href="#B01">B01 The artifact ID</a></h3>',
    },
    {
      name: "another heading gets a slug",
      given: "## Buddy.works",
      want: '<h2 id="buddyworks"><a class="anchor" href="#buddyworks">Buddy.works</a></h2>',
    },
    {
      name: "inline code in a heading stays code",
      given: "### B18 `retention_rules` on create",
      want: '<h3 id="B18"><a class="anchor" href="#B18">B18 <code>retention_rules</code> on create</a></h3>',
    },
    { name: "GitHub tables", given: "| a | b |\n|---|---|\n| 1 | 2 |", want: "<td>1</td>" },
    {
      name: "a citation of a known entry links to it",
      given: "as in `K05`.",
      want: '<a href="#K05"><code>K05</code></a>',
    },
    {
      name: "other inline code stays code, escaped",
      given: "`B99` and `<b>`",
      want: "<code>B99</code> and <code>&lt;b&gt;</code>",
    },
  ])("$name", ({ given, want }) => {
    expect(renderMarkdown(given, { entries: new Set(["K05"]) })).toContain(want);
  });
});

describe("sitePages", () => {
  it("puts the landing page, one reference per API in the order given, then the register", () => {
    expect(
      sitePages([
        { id: "b", label: "B API" },
        { id: "a", label: "A API" },
      ]),
    ).toEqual([
      { id: "home", href: "index.html", label: "ci-artifacts" },
      { id: "b", href: "b/index.html", label: "B API" },
      { id: "a", href: "a/index.html", label: "A API" },
      { id: "discrepancies", href: "discrepancies.html", label: "Discrepancy register" },
    ]);
  });
});

describe("layout", () => {
  const pages = sitePages([
    { id: "buddy", label: "Buddy.works Artifacts API" },
    { id: "buildkite", label: "Buildkite Artifacts API" },
  ]);
  const html = layout({
    id: "buddy",
    title: "A <b> & c",
    root: "../",
    pages,
    head: "<!--head-->",
    body: "<main>x</main>",
  });

  it.each([
    { name: "escapes the title", want: "<title>A &lt;b&gt; &amp; c</title>" },
    {
      name: "pins the content security policy",
      want: `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    },
    {
      name: "links the favicon and stylesheet from the site root",
      want: '<link rel="icon" href="../favicon.svg" type="image/svg+xml">',
    },
    { name: "links back to the landing page", want: '<a class="topbar-link topbar-home" href="../index.html">' },
    { name: "marks the current page", want: '<a class="topbar-link" href="../buddy/index.html" aria-current="page">' },
    { name: "keeps head and body as given", want: "<!--head-->" },
  ])("$name", ({ want }) => {
    expect(html).toContain(want);
  });

  it("links every page of the site once", () => {
    for (const page of pages) expect(html.split(`href="../${page.href}"`).length - 1).toBe(1);
  });

  it("lets the policy load nothing from another origin", () => {
    for (const directive of CONTENT_SECURITY_POLICY.split("; ")) expect(directive).not.toMatch(/https?:|\*/);
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML specials", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
