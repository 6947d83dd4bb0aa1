// @ts-check
// Prose of the descriptions as the reference needs it. Redoc renders a description's Markdown
// well, but its search index and excerpts drop line endings, so words on either side of a soft
// line break run together ("Follow the\n`Link`" is indexed as "Follow theLink"); and a field
// that Redoc shows as plain text (a server's description) shows Markdown as typed.

import { Marked } from "marked";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/** @typedef {{ type: string, children?: MarkdownNode[], position?: { start: { offset?: number }, end: { offset?: number } } }} MarkdownNode */

/** Nodes whose source is the text of a paragraph, heading or table cell, line breaks included. */
const LINE_TEXT = new Set(["text", "inlineCode"]);
/** A line ending inside such a node, with the trailing blanks before it and the indentation or blockquote markers after it. */
const SOFT_BREAK = /[ \t]*\r?\n[ \t>]*/g;

/**
 * The Markdown with every soft line break (a line ending inside a paragraph, list item,
 * blockquote or heading) replaced by one space. Paragraph breaks, hard breaks (two trailing
 * spaces or a backslash), list structure, tables, code blocks and HTML are left exactly as they
 * are. Where the breaks are comes from a CommonMark parser with GFM (micromark), by the source
 * offsets of the text it reports, so Markdown syntax is never guessed from the shape of a line.
 * @param {string} markdown
 */
export function joinSoftBreaks(markdown) {
  const tree = /** @type {MarkdownNode} */ (
    fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })
  );
  /** @type {[number, number][]} */
  const ranges = [];
  const visit = (/** @type {MarkdownNode} */ node) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (LINE_TEXT.has(node.type) && start !== undefined && end !== undefined) ranges.push([start, end]);
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  let out = "";
  let at = 0;
  for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
    out += markdown.slice(at, start) + markdown.slice(start, end).replace(SOFT_BREAK, " ");
    at = end;
  }
  return out + markdown.slice(at);
}

const marked = new Marked({ gfm: true });

/** The HTML of a Markdown text with every run of white space made one space: what a reader sees. @param {string} markdown */
export function renderedText(markdown) {
  return /** @type {string} */ (marked.parse(markdown, { async: false }))
    .replace(/\s+/g, " ")
    .replace(/ ?(<\/?(?:p|li|ul|ol|blockquote|h\d|table|thead|tbody|tr|td|th|pre)\b[^>]*>) ?/g, "$1")
    .trim();
}

const ENTITIES = /** @type {Record<string, string>} */ ({
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
});

/**
 * What a reader should see of a Markdown text in a field that is shown as plain text: the
 * inline Markdown rendered, then its tags dropped (`HTTPS only (\`K03\`).` becomes
 * `HTTPS only (K03).`), line breaks as spaces.
 * @param {string} markdown
 */
export function plainText(markdown) {
  return /** @type {string} */ (marked.parseInline(markdown, { async: false }))
    .replace(/<[^>]*>/g, "")
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, " ")
    .trim();
}
