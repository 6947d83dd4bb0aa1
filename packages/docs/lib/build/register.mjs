// @ts-check
// Links the discrepancy register into the references: the descriptions cite entries as `B01`
// or `K05` and the register as `spec/DISCREPANCIES.md`; on the site these become links.
import { pointer } from "./samples.mjs";

/** The entry ids (`B01`, `K05`, ...) that the register defines, from its `### B01 ...` headings. @param {string} markdown */
export function registerEntries(markdown) {
  return new Set([...markdown.matchAll(/^#{2,6}\s+([A-Z]\d{2})\b/gm)].map((m) => /** @type {string} */ (m[1])));
}

// Keys whose values are payloads, not prose: an example's `description` field is data.
// `servers` too: Redoc shows a server's description as plain text, where a link would read as
// Markdown source.
const DATA_KEYS = new Set(["example", "default", "const", "enum", "x-codeSamples", "servers"]);
// Keys whose values map names chosen by the author to objects, so that a property called
// `example` or `default` is still a schema to walk into.
const NAME_MAPS = new Set([
  "properties",
  "patternProperties",
  "dependentSchemas",
  "$defs",
  "definitions",
  "paths",
  "webhooks",
  "callbacks",
  "responses",
  "headers",
  "content",
  "encoding",
  "links",
  "variables",
  "schemas",
  "parameters",
  "requestBodies",
  "securitySchemes",
  "pathItems",
]);

/**
 * A copy of the document in which every Markdown `description` links its entry citations to
 * `registerHref#Bnn` and its mentions of `spec/DISCREPANCIES.md` to `registerHref`. A citation
 * of an entry that the register does not define is an error naming the description's pointer.
 * @param {Record<string, any>} document @param {Set<string>} entries @param {string} registerHref
 */
export function linkRegister(document, entries, registerHref) {
  /**
   * @param {any} node @param {string[]} at
   * @param {"object" | "names" | "example-names" | "example"} kind what the keys of `node` are
   * @returns {any}
   */
  const walk = (node, at, kind = "object") => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...at, String(i)]));
    if (!node || typeof node !== "object") return node;
    /** @type {Record<string, any>} */
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      const here = [...at, key];
      if (kind === "names") out[key] = walk(value, here);
      else if (kind === "example-names") out[key] = walk(value, here, "example");
      else if (key === "description" && typeof value === "string") out[key] = link(value, here);
      // An Example Object (OpenAPI 3.1, 4.8.19) has prose in `description`; the rest is payload.
      else if (kind === "example") out[key] = structuredClone(value);
      // `examples` is a list of values in a schema, a map of Example Objects elsewhere.
      else if (key === "examples")
        out[key] = Array.isArray(value) ? structuredClone(value) : walk(value, here, "example-names");
      else if (DATA_KEYS.has(key)) out[key] = structuredClone(value);
      else out[key] = walk(value, here, NAME_MAPS.has(key) ? "names" : "object");
    }
    return out;
  };
  /** @param {string} text @param {string[]} at */
  const link = (text, at) =>
    text
      .replace(/(?<!\[)`([A-Z]\d{2})`(?!\]\()/g, (/** @type {string} */ _, /** @type {string} */ id) => {
        if (!entries.has(id))
          throw new Error(`${pointer(...at)}: cites discrepancy ${id}, which spec/DISCREPANCIES.md does not define`);
        return `[\`${id}\`](${registerHref}#${id})`;
      })
      .replace(/(?<!\[)`spec\/DISCREPANCIES\.md`(?!\]\()/g, `[\`spec/DISCREPANCIES.md\`](${registerHref})`);
  return walk(document, []);
}
