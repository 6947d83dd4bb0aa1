// @ts-check
// The frame every page of the site shares: head (favicon, stylesheet, content security policy)
// and the top bar that links the pages together. The references get it through the Handlebars
// template that `redocly build-docs` fills, the other pages directly.
import { Marked } from "marked";

/** @typedef {{ id: string, href: string, label: string }} Page */

/**
 * The pages of the site, in the order of the top bar: the landing page, one reference per
 * registered API, the register. `href` is relative to the site root.
 * @param {{ id: string, label: string }[]} apis
 * @returns {Page[]}
 */
export function sitePages(apis) {
  return [
    { id: "home", href: "index.html", label: "ci-artifacts" },
    ...apis.map((api) => ({ id: api.id, href: `${api.id}/index.html`, label: api.label })),
    { id: "discrepancies", href: "discrepancies.html", label: "Discrepancy register" },
  ];
}

/**
 * Everything the pages load comes from the site itself. Redoc needs inline scripts and styles
 * (it hydrates an inline definition and uses styled-components); images and its icon font may be
 * data: URIs.
 * A request to any other origin is refused, and the refusal is a console error the browser
 * test fails on.
 */
export const CONTENT_SECURITY_POLICY = [
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
 * A whole HTML page. `title` is escaped; `head` and `body` are HTML. `root` is the relative way
 * back to the site root ("" or "../"), so that the site works from any folder of any host.
 * `pages` are the entries of the top bar (see `sitePages`).
 * @param {{ id: string, title: string, root: string, pages: Page[], head?: string, body: string, bodyClass?: string }} page
 */
export function layout({ id, title, root, pages, head = "", body, bodyClass = "" }) {
  const links = pages
    .map(
      (p) =>
        `<a class="topbar-link${p.id === "home" ? " topbar-home" : ""}" href="${root}${p.href}"${p.id === id ? ' aria-current="page"' : ""}>` +
        (p.id === "home" ? `<img src="${root}favicon.svg" alt="" width="24" height="24">` : "") +
        `${escapeHtml(p.label)}</a>`,
    )
    .join("\n      ");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="icon" href="${root}favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="${root}site.css">
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

/** GitHub-style slug of a heading, for headings that are not register entries. @param {string} text */
export function slug(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, "")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
}

/**
 * Markdown to HTML with marked (GitHub flavour), headings given ids so that every register
 * entry is linkable as `discrepancies.html#B01`, and citations of the given entries (`B01` as
 * inline code) linked to them. The input is this repository's own text.
 * @param {string} markdown @param {{ entries?: Set<string> }} [options]
 */
export function renderMarkdown(markdown, { entries = new Set() } = {}) {
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading({ tokens, depth, text }) {
        const id = entryId(text) ?? slug(text);
        const inner = this.parser.parseInline(tokens);
        return `<h${depth} id="${escapeHtml(id)}"><a class="anchor" href="#${escapeHtml(id)}">${inner}</a></h${depth}>\n`;
      },
      codespan({ text }) {
        const code = `<code>${escapeHtml(text)}</code>`;
        return entries.has(text) ? `<a href="#${escapeHtml(text)}">${code}</a>` : code;
      },
    },
  });
  return /** @type {string} */ (marked.parse(markdown, { async: false }));
}
