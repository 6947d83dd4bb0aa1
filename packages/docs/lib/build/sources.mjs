// @ts-check
// The evidence the register cites, as pages of the site: each vendor page of spec/sources/ with
// an anchor on every line (`sources/get.md.html#L28`, the register cites by line), and the
// corpus of recorded bodies with an anchor on each body.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { InputError, isObject, loadSourceFile } from "@ci-artifacts/spec";
import { escapeHtml } from "./pages.mjs";

/** The page of the corpus of recorded bodies, from the site root. */
export const CORPUS_PAGE = "sources/recorded.html";
/** The index of the sources, from the site root. */
export const SOURCES_INDEX = "sources/index.html";

/**
 * The site page of each source file, from the site root: named as the register cites the file,
 * `sources/<short name>.html` (`*get.md*:28` is `sources/get.md.html#L28`), or by the file's name
 * when the register gives it no short name. A page that two files, or a file and the index or
 * the recorded bodies, would share is an error naming the register.
 * @param {string[]} files the source files @param {Map<string, { file: string } | { corpus: true }>} names
 *   the short names of the register's sources table (`citedSources`) @param {string} shown the register, in messages
 * @returns {Map<string, string>} page by file
 */
export function sourcePages(files, names, shown) {
  /** @type {Map<string, string>} */
  const taken = new Map([
    [SOURCES_INDEX, "the sources' index"],
    [CORPUS_PAGE, "the recorded bodies'"],
  ]);
  /** @type {Map<string, string>} */
  const pages = new Map();
  for (const file of files) {
    const name = [...names].find(([, cited]) => "file" in cited && cited.file === file)?.[0];
    const page = `sources/${name ?? file}.html`;
    const other = taken.get(page);
    if (other !== undefined) throw new Error(`${shown}: ${file} would have the page ${page}, which is ${other}`);
    taken.set(page, `${file}'s`);
    pages.set(file, page);
  }
  return pages;
}

/** The vendor pages of a sources folder: every file but its README. @param {string} dir */
export function sourceFiles(dir) {
  return readdirSync(dir)
    .filter((file) => file !== "README.md" && !file.startsWith("."))
    .sort();
}

/** The lines of a text file, without the empty string after its final line ending. @param {string} text */
export function linesOf(text) {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * The body of a source page: the file's header lines (`Source:`, `Taken:`, `Changed:`) as a
 * summary, then every line of the file, numbered from 1 as the register counts, each with its
 * anchor `#L<n>`. Long lines wrap rather than widen the page. Each line is `<code>`, whose
 * spaces an HTML minifier keeps as they are (a table cell's it may collapse).
 * @param {string} file the file name @param {string} text its content
 */
export function sourceBody(file, text) {
  const lines = linesOf(text);
  const source = /^Source:\s*(.+)$/m.exec(text)?.[1]?.trim();
  const taken = /^Taken:\s*(.+)$/m.exec(text)?.[1];
  const rows = lines
    .map(
      (line, i) =>
        `<tr id="L${i + 1}"><td><a href="#L${i + 1}">${i + 1}</a></td><td><code>${escapeHtml(line)}</code></td></tr>`,
    )
    .join("\n");
  return `<h1>${escapeHtml(file)}</h1>
<p class="meta">${source && /^https:\/\/\S+$/.test(source) ? `A copy of <a href="${escapeHtml(source)}" rel="noreferrer">${escapeHtml(source)}</a>` : `Source: ${escapeHtml(source ?? "not given")}`}${taken ? `, taken ${escapeHtml(taken)}` : ""}. The register cites it by line: each line number is a link. <a href="${escapeHtml(file)}">The file as it is</a>.</p>
<table class="source-lines"><tbody>
${rows}
</tbody></table>
`;
}

/**
 * @typedef {{ file: string, api?: string, operation?: string, status?: string, kind?: string,
 *   source?: Record<string, string>, redacted?: { what?: string, register?: string },
 *   fails?: { rule?: string, register?: string } }} CorpusEntry
 */

/**
 * The entries of the corpus's `index.yaml`, each naming a body file that exists beside it. A
 * malformed index, or an entry whose file is missing, is an error naming the index's line.
 * @param {string} dir the corpus folder @param {string} shown how to name the index in messages
 * @returns {CorpusEntry[]}
 */
export function corpusEntries(dir, shown) {
  const index = loadSourceFile(path.join(dir, "index.yaml"), shown);
  if (!Array.isArray(index.data)) throw new InputError("expected a list of recorded bodies", shown, 1);
  return index.data.map((entry, i) => {
    const where = index.locate([String(i)]);
    if (!isObject(entry) || typeof entry.file !== "string")
      throw new InputError("an entry without `file`", shown, where?.line, where?.column);
    if (!readdirSync(dir).includes(entry.file))
      throw new InputError(`names ${entry.file}, which is not in the folder`, shown, where?.line, where?.column);
    return /** @type {CorpusEntry} */ (entry);
  });
}

/**
 * One body of the corpus: where it was found and what it is, then the body exactly as the file
 * holds it. `link` turns the register entries and operations it names into links.
 * @param {CorpusEntry} entry @param {string} body
 * @param {{ entry: (id: string) => string, operation: (api: string, operationId: string) => string | undefined }} link
 */
export function corpusSection(entry, body, link) {
  const rows = /** @type {[string, string][]} */ ([]);
  const text = (/** @type {unknown} */ value) => escapeHtml(String(value));
  const cite = (/** @type {string | undefined} */ id) => (id ? ` (<a href="${link.entry(id)}">${text(id)}</a>)` : "");
  if (entry.api && entry.operation) {
    const href = link.operation(entry.api, entry.operation);
    const name = `${text(entry.api)} <code>${text(entry.operation)}</code>`;
    rows.push([
      "answer of",
      `${href ? `<a href="${escapeHtml(href)}">${name}</a>` : name}, status ${text(entry.status)}`,
    ]);
  }
  if (entry.kind) rows.push(["kind", text(entry.kind)]);
  const source = entry.source ?? {};
  if (source.repository)
    rows.push([
      "found in",
      `${text(source.repository)} <code>${text(source.path ?? "")}</code> at <code>${text(String(source.commit ?? "").slice(0, 7))}</code>, ${text(source.date ?? "")}`,
    ]);
  if (source.recorded) rows.push(["recorded", text(source.recorded)]);
  if (entry.redacted) rows.push(["redacted", `${text(entry.redacted.what ?? "")}${cite(entry.redacted.register)}`]);
  if (entry.fails) rows.push(["fails", `${text(entry.fails.rule ?? "")}${cite(entry.fails.register)}`]);
  const id = escapeHtml(entry.file);
  return `<section class="recorded" id="${id}">
<h2><a href="#${id}">${id}</a></h2>
<dl>${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join("")}</dl>
<pre><code class="language-json">${escapeHtml(body.replace(/\n$/, ""))}</code></pre>
</section>
`;
}

/** Reads a file of the corpus. @param {string} dir @param {string} file */
export function corpusBody(dir, file) {
  return readFileSync(path.join(dir, file), "utf8");
}
