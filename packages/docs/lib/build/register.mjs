// @ts-check
// Links the discrepancy register into the references: the descriptions cite entries as `B01`
// or `K05` and the register as `spec/DISCREPANCIES.md`; on the site these become links.
import { mapDescriptions } from "./descriptions.mjs";

/** The entry ids (`B01`, `K05`, ...) that the register defines, from its `### B01 ...` headings. @param {string} markdown */
export function registerEntries(markdown) {
  return new Set([...markdown.matchAll(/^#{2,6}\s+([A-Z]\d{2})\b/gm)].map((m) => /** @type {string} */ (m[1])));
}

/**
 * A copy of the document in which every Markdown `description` links its entry citations to
 * `registerHref#Bnn` and its mentions of `spec/DISCREPANCIES.md` to `registerHref`. A citation
 * of an entry that the register does not define is an error naming the description's pointer.
 * @param {Record<string, any>} document @param {Set<string>} entries @param {string} registerHref
 */
export function linkRegister(document, entries, registerHref) {
  /** @param {string} text @param {string} at */
  const link = (text, at) =>
    text
      .replace(/(?<!\[)`([A-Z]\d{2})`(?!\]\()/g, (/** @type {string} */ _, /** @type {string} */ id) => {
        if (!entries.has(id))
          throw new Error(`${at}: cites discrepancy ${id}, which spec/DISCREPANCIES.md does not define`);
        return `[\`${id}\`](${registerHref}#${id})`;
      })
      .replace(/(?<!\[)`spec\/DISCREPANCIES\.md`(?!\]\()/g, `[\`spec/DISCREPANCIES.md\`](${registerHref})`);
  return mapDescriptions(document, { markdown: link });
}
