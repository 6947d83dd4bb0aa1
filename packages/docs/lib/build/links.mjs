// @ts-check
// Links between the repository's Markdown files, made links between the site's pages, and the
// check that no link of the site is broken.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Parser } from "htmlparser2";

/** A link that leaves the site (`https:`, `mailto:`) or stays on the page. @param {string} href */
const isExternal = (href) => /^[a-z][a-z0-9+.-]*:/i.test(href);

/**
 * Site pages by the repository file or folder they show (absolute paths; a site path may carry a
 * fragment). `fallback` gives a URL for a file of the repository that has no page (its view on
 * the code host), or undefined.
 * @typedef {{ pages: Map<string, string>, fallback?: (file: string) => string | undefined }} SiteMap
 */

/**
 * Resolves an href written in a repository file to the href that works from the page rendering
 * it. A relative link to a file without a page, and without a fallback, is an error naming the
 * file and the link.
 * @param {SiteMap} map @param {{ file: string, page: string, shown: string }} from
 *   the file the link is written in, its page (from the site root), how to name the file in messages
 * @param {string} href
 */
export function siteHref(map, from, href) {
  if (isExternal(href) || href.startsWith("#")) return href;
  const hash = href.indexOf("#");
  const target = decodeURIComponent(hash === -1 ? href : href.slice(0, hash));
  const fragment = hash === -1 ? "" : href.slice(hash);
  const file = path.resolve(path.dirname(from.file), target).replace(/\/+$/, "");
  const page =
    map.pages.get(file) ??
    (existsSync(file) && statSync(file).isDirectory() ? map.pages.get(path.join(file, "README.md")) : undefined);
  if (page !== undefined) {
    const [pagePath = "", pageFragment = ""] = page.split("#");
    const relative = path.posix.relative(path.posix.dirname(from.page), pagePath) || path.posix.basename(pagePath);
    return relative + (fragment || (pageFragment ? `#${pageFragment}` : ""));
  }
  const outside = existsSync(file) ? map.fallback?.(file) : undefined;
  if (outside !== undefined) return outside + fragment;
  throw new Error(
    existsSync(file)
      ? `${from.shown}: links to ${href}, which has no page on the site`
      : `${from.shown}: links to ${href}, which does not exist`,
  );
}

/** Every HTML file under a folder, as paths from it with `/`. @param {string} dir @returns {string[]} */
export function htmlFiles(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return htmlFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith(".html") ? [`${prefix}${entry.name}`] : [];
  });
}

/**
 * What a page links and answers, read by an HTML parser (the pages are minified: attributes may
 * be unquoted, end tags left out): every `href` and `src` as written, entities decoded, and every
 * `id`. Inside a reference's `<div id="redoc">` only the ids count: Redoc's server-rendered links
 * become hash routes once it runs; the frame around it is the site's.
 * @param {string} html
 */
export function readPage(html) {
  /** @type {string[]} */
  const links = [];
  /** @type {Set<string>} */
  const ids = new Set();
  /** The depth of the open elements, and that of Redoc's root while inside it. */
  let depth = 0;
  let redoc = -1;
  const parser = new Parser(
    {
      onopentag(_name, attributes) {
        depth += 1;
        if (attributes.id !== undefined) ids.add(attributes.id);
        if (attributes.id === "redoc" && redoc === -1) redoc = depth;
        if (redoc !== -1) return;
        for (const name of ["href", "src"]) {
          const value = attributes[name];
          if (value !== undefined) links.push(value);
        }
      },
      onclosetag() {
        if (depth === redoc) redoc = -1;
        depth -= 1;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return { links, ids };
}

/**
 * Every broken link of a built site: a relative `href` or `src` whose file is missing, or whose
 * fragment names no id of the page it points to. A reference's fragments are Redoc's routes,
 * checked against `routes` (page -> the fragments it answers).
 * @param {string} dist @param {Map<string, Set<string>>} routes
 * @returns {string[]}
 */
export function brokenLinks(dist, routes) {
  /** @type {Map<string, ReturnType<typeof readPage>>} */
  const read = new Map();
  const pageAt = (/** @type {string} */ page) => {
    let found = read.get(page);
    if (!found) {
      found = readPage(readFileSync(path.join(dist, page), "utf8"));
      read.set(page, found);
    }
    return found;
  };
  const problems = [];
  for (const page of htmlFiles(dist)) {
    for (const href of pageAt(page).links) {
      if (isExternal(href)) continue;
      const hash = href.indexOf("#");
      const target = hash === -1 ? href : href.slice(0, hash);
      const fragment = hash === -1 ? "" : decodeURIComponent(href.slice(hash + 1));
      const file =
        target === ""
          ? page
          : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURIComponent(target)));
      if (file.startsWith("../") || !existsSync(path.join(dist, file))) {
        problems.push(`${page}: ${href} points at ${file}, which the site does not have`);
        continue;
      }
      if (fragment && file.endsWith(".html") && !(routes.get(file) ?? pageAt(file).ids).has(fragment))
        problems.push(`${page}: ${href} points at #${fragment}, which ${file} does not have`);
    }
  }
  return problems;
}
