// @ts-check
// The register cites its evidence by short name and line: `*get.md*:28-65`, `*create*:42, 117`,
// `*recorded*`. Its "Sources, as cited below" table says which file each short name is. On the
// site each name links to the source's page and each line to its anchor there.

/** A short name's target: a file of spec/sources/, or the corpus of recorded bodies. @typedef {{ file: string } | { corpus: true }} Cited */

/** A citation: `*name*`, then optionally `:` and lines, `28`, `28-65`, `42, 117` (a list may wrap). */
const CITATION = /\*([a-z][\w.-]*)\*(?::(\d+(?:-\d+)?(?:,\s+\d+(?:-\d+)?)*))?/g;
/** Inline code and fenced blocks, where nothing is a citation. */
const CODE = /(```[\s\S]*?```|`+[^`]*`+)/;

/**
 * The short names the register's sources table defines: each row names one or more `*name*`s
 * in its first cell, and in its second links the files under `sources/` (paired with the names
 * in order, or all names to the one file) or names the corpus folder.
 * @param {string} markdown the register @param {string} corpusPath the corpus folder as the register writes it
 * @returns {Map<string, Cited>}
 */
export function citedSources(markdown, corpusPath) {
  /** @type {Map<string, Cited>} */
  const names = new Map();
  for (const row of markdown.matchAll(/^\|([^|\n]*)\|([^\n]*)\|\s*$/gm)) {
    const cellNames = [...(row[1] ?? "").matchAll(/\*([a-z][\w.-]*)\*/g)].map((m) => /** @type {string} */ (m[1]));
    if (cellNames.length === 0) continue;
    const rest = row[2] ?? "";
    const files = [...rest.matchAll(/\]\(sources\/([^)#\s]+)\)/g)].map((m) => /** @type {string} */ (m[1]));
    if (files.length > 0) {
      cellNames.forEach((name, i) => {
        names.set(name, { file: /** @type {string} */ (files.length === cellNames.length ? files[i] : files[0]) });
      });
    } else if (rest.includes(corpusPath)) for (const name of cellNames) names.set(name, { corpus: true });
  }
  return names;
}

/**
 * The register with its citations linked: each cited line to its anchor (a range to its first
 * line), and a short name to its page where the entry first names it, unless the entry cites
 * places in it (lines of a file; bodies of the corpus, by file name in inline code, which the
 * page links to the body): those are the links, one click from the evidence. Nor where its line
 * links its file already (the sources table): a link on the name there would only repeat the
 * page, and a link on every mention would bury the text.
 * An unknown name with lines, or a line past the end of its file, is an error naming the
 * register's line.
 * @param {string} markdown
 * @param {{ names: Map<string, Cited>, lineCount: (file: string) => number, href: (cited: Cited, line?: number) => string, file: string, bodies?: string[] }} options
 *   `bodies`: the file names of the corpus
 */
export function linkCitations(markdown, { names, lineCount, href, file, bodies = [] }) {
  // The prose of the register, part by part, with where each part starts; code is left alone.
  let offset = 0;
  const parts = markdown.split(CODE).map((text, i) => {
    const start = offset;
    offset += text.length;
    return { text, start, code: i % 2 === 1 };
  });
  const prose = parts.filter((part) => !part.code);
  // An entry is the part of the register after a heading (the text before the first is one too).
  const headings = prose.flatMap((part) =>
    [...part.text.matchAll(/^#{1,6} /gm)]
      .map((m) => part.start + m.index)
      .filter((at) => at === 0 || markdown[at - 1] === "\n"),
  );
  const entryAt = (/** @type {number} */ at) => headings.filter((start) => start <= at).length;
  const corpusNames = [...names].filter(([, cited]) => "corpus" in cited).map(([name]) => name);
  /** `<entry> <name>` for every name an entry cites places in, and for every name linked so far. */
  const lined = new Set([
    ...prose.flatMap((part) =>
      [...part.text.matchAll(CITATION)].filter((m) => m[2]).map((m) => `${entryAt(part.start + m.index)} ${m[1]}`),
    ),
    ...parts
      .filter((part) => part.code && bodies.includes(part.text.replace(/^`+|`+$/g, "")))
      .flatMap((part) => corpusNames.map((name) => `${entryAt(part.start)} ${name}`)),
  ]);
  const linked = new Set();
  /** Whether the line at an offset has a Markdown link to the cited file. @param {number} at @param {Cited} cited */
  const linksFile = (at, cited) => {
    if (!("file" in cited)) return false;
    const line = markdown.slice(
      markdown.lastIndexOf("\n", at) + 1,
      (markdown.indexOf("\n", at) + 1 || markdown.length + 1) - 1,
    );
    return [...line.matchAll(/\]\(([^)\s#]+)/g)].some((m) => m[1] === cited.file || m[1]?.endsWith(`/${cited.file}`));
  };
  return parts
    .map(({ text, start, code }) => {
      if (code) return text;
      return text.replace(
        CITATION,
        (match, /** @type {string} */ name, /** @type {string | undefined} */ lines, /** @type {number} */ at) => {
          const cited = names.get(name);
          const line = markdown.slice(0, start + at).split("\n").length;
          if (!cited) {
            if (lines)
              throw new Error(`${file}:${line}: cites *${name}*:${lines}, but the sources table defines no *${name}*`);
            return match;
          }
          const key = `${entryAt(start + at)} ${name}`;
          const named =
            linked.has(key) || lined.has(key) || linksFile(start + at, cited)
              ? `*${name}*`
              : `[*${name}*](${href(cited)})`;
          linked.add(key);
          if (!lines) return named;
          const cites = lines.replace(/\d+(?:-\d+)?/g, (range) => {
            const first = Number.parseInt(range, 10);
            if ("file" in cited) {
              const count = lineCount(cited.file);
              const last = Number.parseInt(range.split("-").at(-1) ?? range, 10);
              if (first < 1 || last > count || last < first)
                throw new Error(`${file}:${line}: cites *${name}*:${range}, but ${cited.file} has lines 1 to ${count}`);
            }
            return `[${range}](${href(cited, first)})`;
          });
          return `${named}:${cites}`;
        },
      );
    })
    .join("");
}
