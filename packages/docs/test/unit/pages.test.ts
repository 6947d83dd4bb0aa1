import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  layout,
  PAGE_POLICY,
  REFERENCE_POLICY,
  renderMarkdown,
  sitePages,
} from "../../lib/build/pages.mjs";

describe("renderMarkdown", () => {
  it.each([
    {
      name: "a register entry gets its id as anchor",
      given: "### B01 The artifact ID",
      want: '<h3 id="B01"><a href="#B01">B01 The artifact ID</a></h3>',
    },
    {
      name: "another heading gets a slug",
      given: "## Buddy.works",
      want: '<h2 id="buddyworks"><a href="#buddyworks">Buddy.works</a></h2>',
    },
    {
      name: "the page's title has an id and no link to itself",
      given: "# Discrepancy register",
      want: '<h1 id="discrepancy-register">Discrepancy register</h1>',
    },
    {
      name: "inline code in a heading stays code",
      given: "### B18 `retention_rules` on create",
      want: '<h3 id="B18"><a href="#B18">B18 <code>retention_rules</code> on create</a></h3>',
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
    {
      name: "headings get GitHub's ids, repeated ones numbered",
      given: "### getArtifact\n\n### getArtifact\n\n## Example: tokens, retries and errors",
      want: '<h3 id="getartifact-1"><a href="#getartifact-1">getArtifact</a></h3>\n<h2 id="example-tokens-retries-and-errors">',
    },
  ])("$name", ({ given, want }) => {
    expect(renderMarkdown(given, { entries: new Set(["K05"]) })).toContain(want);
  });

  it.each([
    {
      name: "links go through the given rewrite",
      given: { markdown: "see [the kit](../contract/README.md#api)", options: { link: (href: string) => `<${href}>` } },
      want: '<a href="&lt;../contract/README.md#api&gt;">the kit</a>',
    },
    {
      name: "register citations link to the register elsewhere",
      given: { markdown: "(`K05`)", options: { entries: new Set(["K05"]), registerHref: "../discrepancies.html" } },
      want: '<a href="../discrepancies.html#K05"><code>K05</code></a>',
    },
    {
      name: "inline code named in codeLinks links",
      given: { markdown: "`a.json` and `b.json`", options: { codeLinks: new Map([["a.json", "r.html#a.json"]]) } },
      want: '<a href="r.html#a.json"><code>a.json</code></a> and <code>b.json</code>',
    },
    {
      name: "a sample marker names the block's file, and the caption comes first",
      given: {
        markdown: "<!-- sample: x/y.ts -->\n```ts\nconst a = 1 < 2;\n```\n",
        options: {
          code: ({ sample, lang }: { sample: string | undefined; lang: string }) =>
            sample ? { source: sample, caption: `file ${sample} (${lang})` } : undefined,
        },
      },
      want: '<p class="sample-source">file x/y.ts (ts)</p>\n<pre data-source="x/y.ts"><code class="language-ts">const a = 1 &lt; 2;</code></pre>',
    },
    {
      name: "a block whose file is to be shown shows the file, not its copy",
      given: {
        markdown: "<!-- sample: x/y.ts -->\n```ts\nstale\n```\n",
        options: { code: () => ({ source: "x/y.ts", caption: "c", text: "fresh" }) },
      },
      want: '<pre data-source="x/y.ts"><code class="language-ts">fresh</code></pre>',
    },
    {
      name: "a block the code callback does not know stays plain",
      given: { markdown: "```sh\nnpm i\n```\n", options: { code: () => undefined } },
      want: '<pre><code class="language-sh">npm i</code></pre>',
    },
  ])("$name", ({ given, want }) => {
    expect(renderMarkdown(given.markdown, given.options)).toContain(want);
  });

  it("collects the headings with their ids", () => {
    const headings: { depth: number; id: string; text: string }[] = [];
    renderMarkdown("# T\n\n## `paginate` & more\n\n### B01 The ID\n", { headings });
    expect(headings).toEqual([
      { depth: 1, id: "t", text: "T" },
      { depth: 2, id: "paginate--more", text: "paginate & more" },
      { depth: 3, id: "B01", text: "B01 The ID" },
    ]);
  });
});

describe("sitePages", () => {
  it("puts the landing page, one reference per API in the order given, the guides, the register, then its sources", () => {
    expect(
      sitePages([
        { id: "b", label: "B API" },
        { id: "a", label: "A API" },
      ]),
    ).toEqual([
      { id: "home", href: "index.html", label: "ci-artifacts" },
      { id: "b", href: "b/index.html", label: "B API" },
      { id: "a", href: "a/index.html", label: "A API" },
      { id: "guides", href: "guides/index.html", label: "Guides" },
      { id: "discrepancies", href: "discrepancies.html", label: "Discrepancy register" },
      { id: "sources", href: "sources/index.html", label: "Sources" },
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
      name: "pins the content security policy of a page without scripts",
      want: `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; base-uri 'self'; form-action 'none'">`,
    },
    {
      name: "links the favicon and stylesheet from the site root",
      want: '<link rel="icon" href="../favicon.svg" type="image/svg+xml">',
    },
    { name: "links back to the landing page", want: '<a class="topbar-home" href="../index.html">' },
    { name: "marks the current page", want: '<a href="../buddy/index.html" aria-current="page">' },
    { name: "keeps head and body as given", want: "<!--head-->" },
    {
      name: "loads the shared stylesheet and the one of its kind, prose by default",
      want: '<link rel="stylesheet" href="../site.css">\n<link rel="stylesheet" href="../prose.css">\n',
    },
  ])("$name", ({ want }) => {
    expect(html).toContain(want);
  });

  it("gives a reference its own stylesheet and the policy that lets Redoc run", () => {
    const reference = layout({ id: "buddy", title: "t", root: "../", pages, body: "", kind: "reference" });
    expect(reference.match(/<link rel="stylesheet" href="[^"]*">/g)).toEqual([
      '<link rel="stylesheet" href="../site.css">',
      '<link rel="stylesheet" href="../reference.css">',
    ]);
    expect(reference).toContain(`content="${REFERENCE_POLICY}"`);
    expect(REFERENCE_POLICY).toContain("script-src 'self' 'unsafe-inline'");
    expect(html).not.toContain("unsafe-inline");
  });

  it("links every page of the site once", () => {
    for (const page of pages) expect(html.split(`href="../${page.href}"`).length - 1).toBe(1);
  });

  it.each([
    { name: "a page's", given: PAGE_POLICY },
    { name: "a reference's", given: REFERENCE_POLICY },
  ])("lets $name policy load nothing from another origin", ({ given }) => {
    expect(given).toMatch(/^default-src 'self'(; |$)/);
    for (const directive of given.split("; ")) expect(directive).not.toMatch(/https?:|\*/);
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML specials", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
