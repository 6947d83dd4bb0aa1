// @ts-check
// The frame every page of the site shares: head (favicon, stylesheet, content security policy)
// and the top bar that links the pages together. The references get it through the Handlebars
// template that `redocly build-docs` fills, the other pages directly.
import GithubSlugger from "github-slugger";
import { Marked } from "marked";

/** @typedef {{ id: string, href: string, label: string }} Page */

/**
 * The pages of the site, in the order of the top bar: the landing page, one reference per
 * registered API, the guides, the register and the sources it cites. `href` is relative to the
 * site root.
 * @param {{ id: string, label: string }[]} apis
 * @returns {Page[]}
 */
export function sitePages(apis) {
  return [
    { id: "home", href: "index.html", label: "ci-artifacts" },
    ...apis.map((api) => ({ id: api.id, href: `${api.id}/index.html`, label: api.label })),
    { id: "guides", href: "guides/index.html", label: "Guides" },
    { id: "discrepancies", href: "discrepancies.html", label: "Discrepancy register" },
    { id: "sources", href: "sources/index.html", label: "Sources" },
  ];
}

/**
 * Everything the pages load comes from the site itself. The references need inline scripts and
 * styles (Redoc hydrates an inline definition and uses styled-components); images and its icon
 * font may be data: URIs. A request to any other origin is refused, and the refusal is a console
 * error the browser test fails on.
 */
export const REFERENCE_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join("; ");

/** The other pages run no script and style nothing inline: the site's own files, nothing else. */
export const PAGE_POLICY = ["default-src 'self'", "base-uri 'self'", "form-action 'none'"].join("; ");

/** Escapes text for HTML content and double-quoted attributes. @param {unknown} text */
export function escapeHtml(text) {
  return String(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * The kinds of page, each with the parts of site/css/ its stylesheet `<kind>.css` is joined from:
 * every page loads the frame, site.css, and the sheet of its kind, so that no page loads the rules
 * of another kind.
 */
export const KINDS = {
  reference: ["reference.css"],
  prose: ["prose.css"],
  home: ["prose.css", "code.css", "cards.css"],
  guide: ["prose.css", "code.css", "toc.css"],
  source: ["prose.css", "lines.css"],
  recorded: ["prose.css", "code.css", "recorded.css"],
};
/** @typedef {keyof typeof KINDS} Kind */

/**
 * A whole HTML page. `title` is escaped; `head` and `body` are HTML. `root` is the relative way
 * back to the site root ("" or "../"), so that the site works from any folder of any host.
 * `pages` are the entries of the top bar (see `sitePages`). `kind` picks the stylesheets and the
 * Content-Security-Policy: the references run scripts, the other pages none.
 * @param {{ id: string, title: string, root: string, pages: Page[], head?: string, body: string, bodyClass?: string, kind?: Kind }} page
 */
export function layout({ id, title, root, pages, head = "", body, bodyClass = "", kind = "prose" }) {
  const links = pages
    .map(
      (p) =>
        `<a${p.id === "home" ? ' class="topbar-home"' : ""} href="${root}${p.href}"${p.id === id ? ' aria-current="page"' : ""}>` +
        (p.id === "home" ? `<img src="${root}favicon.svg" alt="" width="24" height="24">` : "") +
        `${escapeHtml(p.label)}</a>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${kind === "reference" ? REFERENCE_POLICY : PAGE_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${root}favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${root}site.css">
<link rel="stylesheet" href="${root}${kind}.css">
${head}
</head>
<body${bodyClass ? ` class="${bodyClass}"` : ""}>
<header class="topbar">
<nav aria-label="Site">
${links}
</nav>
</header>
${body}
</body>
</html>
`;
}

/** Anchor of a register entry heading such as `B01 The artifact ID`; null for other headings. @param {string} text */
export function entryId(text) {
  return /^([A-Z]\d{2})\b/.exec(text)?.[1] ?? null;
}

/** The text of a piece of HTML: tags dropped, the entities escapeHtml writes decoded. @param {string} html */
export function htmlText(html) {
  return html
    .replace(/<[^>]*>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

/**
 * @typedef {{ depth: number, id: string, text: string }} Heading
 * @typedef {{ source: string, caption: string, text?: string }} CodeSource what a code block shows: a tested
 *   file (path from the repository root), a caption (HTML), and the file's text when it is to be
 *   shown instead of the block's
 * @typedef {object} MarkdownOptions
 * @property {Set<string>} [entries] register entries: a citation (`B01` as inline code) links to `registerHref#B01`
 * @property {string} [registerHref] where the register is, from the page ("" on the register itself)
 * @property {(href: string) => string} [link] rewrites the href of every link (a site path for a repository path)
 * @property {Map<string, string>} [codeLinks] inline code that links somewhere, by its exact text
 * @property {(block: { lang: string, text: string, sample: string | undefined }) => CodeSource | undefined} [code]
 *   names the tested file a code block shows; `sample` is the path of a `<!-- sample: path -->` marker before it
 * @property {Heading[]} [headings] collects the headings, in order, with their ids
 */

/** `<!-- sample: path -->` right before a fenced block: the block shows that file. */
const SAMPLE_MARKER = /^<!-- sample: (\S+) -->\n(```+)(\w*)\n/gm;

/**
 * Markdown to HTML with marked (GitHub flavour). Headings get ids: a register entry its id
 * (`discrepancies.html#B01`), any other GitHub's (github-slugger, duplicates numbered), so that
 * links written for GitHub work on the site. The input is this repository's own text.
 * @param {string} markdown @param {MarkdownOptions} [options]
 */
export function renderMarkdown(markdown, options = {}) {
  const {
    entries = new Set(),
    registerHref = "",
    link = (href) => href,
    codeLinks = new Map(),
    code,
    headings,
  } = options;
  const slugger = new GithubSlugger();
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading({ tokens, depth, text: raw }) {
        const inner = this.parser.parseInline(tokens);
        const text = htmlText(inner);
        const id = entryId(raw) ?? slugger.slug(text);
        headings?.push({ depth, id, text });
        // Every heading links to itself but the page's title: its link would be the page's own.
        if (depth === 1) return `<h1 id="${escapeHtml(id)}">${inner}</h1>\n`;
        return `<h${depth} id="${escapeHtml(id)}"><a href="#${escapeHtml(id)}">${inner}</a></h${depth}>\n`;
      },
      codespan({ text }) {
        const html = `<code>${escapeHtml(text)}</code>`;
        if (entries.has(text)) return `<a href="${registerHref}#${escapeHtml(text)}">${html}</a>`;
        const href = codeLinks.get(text);
        return href === undefined ? html : `<a href="${escapeHtml(href)}">${html}</a>`;
      },
      link({ href, title, tokens }) {
        const titled = title ? ` title="${escapeHtml(title)}"` : "";
        return `<a href="${escapeHtml(link(href))}"${titled}>${this.parser.parseInline(tokens)}</a>`;
      },
      code({ text, lang = "" }) {
        const [language = "", ...info] = lang.split(/\s+/);
        const sample = info.find((word) => word.startsWith("sample="))?.slice("sample=".length);
        const shown = code?.({ lang: language, text, sample });
        const cls = language ? ` class="language-${escapeHtml(language)}"` : "";
        const pre = `<pre${shown ? ` data-source="${escapeHtml(shown.source)}"` : ""}><code${cls}>${escapeHtml(shown?.text ?? text)}</code></pre>\n`;
        return shown ? `<p class="sample-source">${shown.caption}</p>\n${pre}` : pre;
      },
    },
  });
  const source = markdown.replace(SAMPLE_MARKER, (_, path, fence, language) => `${fence}${language} sample=${path}\n`);
  return /** @type {string} */ (marked.parse(source, { async: false }));
}
