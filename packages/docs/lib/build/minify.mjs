// @ts-check
// The pages as the site serves them: minified by minify-html, within the HTML standard (no
// option that trades validity for bytes). Quotes around simple attribute values, optional end
// tags (`</li>`, `</p>`, `</td>`), the `<html>` and `<head>` tags and whitespace that does not
// render go; text, `<pre>` blocks and attribute values stay as they are. Whatever reads a page
// back reads it with an HTML parser (`readPage` in links.mjs), never by how a tag is spelt.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** @type {typeof import("@minify-html/node")} */
const { minify } = require("@minify-html/node");

/**
 * A page, minified. `template` keeps Handlebars' `{{...}}` as written (the references' frame,
 * which `redocly build-docs` fills).
 * @param {string} html @param {{ template?: boolean }} [options]
 */
export function minifyPage(html, { template = false } = {}) {
  return minify(Buffer.from(html, "utf8"), { preserve_brace_template_syntax: template }).toString("utf8");
}
