// @ts-check
// Where an OpenAPI document holds prose: every `description` that Redoc renders as Markdown, and
// the server descriptions that it shows as plain text. The rendered copy of a bundle rewrites
// them (register links, joined lines, plain text) and leaves payloads exactly as they are.
import { toPointer } from "@ci-artifacts/spec";

// Keys whose values are payloads, not prose: an example's `description` field is data.
const DATA_KEYS = new Set(["example", "default", "const", "enum", "x-codeSamples"]);
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
 * @typedef {(text: string, pointer: string) => string} Rewrite
 * @typedef {{ markdown?: Rewrite, plain?: Rewrite }} Rewrites
 *   `markdown` for every Markdown `description`; `plain` for a Server Object's `description`,
 *   which Redoc shows as text (a link or backticks there would read as Markdown source).
 */

/**
 * A copy of the document with its prose rewritten; the document itself is not changed.
 * @param {Record<string, any>} document @param {Rewrites} rewrites
 * @returns {Record<string, any>}
 */
export function mapDescriptions(document, { markdown = (text) => text, plain = (text) => text }) {
  /**
   * @param {any} node @param {string[]} at
   * @param {"object" | "names" | "example-names" | "example" | "servers"} kind what the keys of `node` are
   * @returns {any}
   */
  const walk = (node, at, kind = "object") => {
    if (Array.isArray(node))
      return node.map((item, i) => walk(item, [...at, String(i)], kind === "servers" ? kind : "object"));
    if (!node || typeof node !== "object") return node;
    /** @type {Record<string, any>} */
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      const here = [...at, key];
      if (kind === "names") out[key] = walk(value, here);
      else if (kind === "example-names") out[key] = walk(value, here, "example");
      else if (kind === "servers")
        out[key] =
          key === "description" && typeof value === "string" ? plain(value, toPointer(here)) : structuredClone(value);
      else if (key === "description" && typeof value === "string") out[key] = markdown(value, toPointer(here));
      // An Example Object (OpenAPI 3.1, 4.8.19) has prose in `description`; the rest is payload.
      else if (kind === "example") out[key] = structuredClone(value);
      // `examples` is a list of values in a schema, a map of Example Objects elsewhere.
      else if (key === "examples")
        out[key] = Array.isArray(value) ? structuredClone(value) : walk(value, here, "example-names");
      else if (key === "servers" && Array.isArray(value)) out[key] = walk(value, here, "servers");
      else if (key === "server" && kind === "object" && at.at(-2) === "links") out[key] = walk(value, here, "servers");
      else if (DATA_KEYS.has(key)) out[key] = structuredClone(value);
      else out[key] = walk(value, here, NAME_MAPS.has(key) ? "names" : "object");
    }
    return out;
  };
  return walk(document, []);
}
