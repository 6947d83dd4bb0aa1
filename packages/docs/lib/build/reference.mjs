// @ts-check
// The copy of a bundle that a reference page is rendered from: the bundle of
// @ci-artifacts/openapi as it ships, plus what the site needs (samples, register links, prose
// that Redoc indexes and shows as written). The bundle itself is never changed.
import { mapDescriptions } from "./descriptions.mjs";
import { joinSoftBreaks, plainText, renderedText } from "./prose.mjs";
import { linkRegister } from "./register.mjs";
import { withCodeSamples } from "./samples.mjs";

/**
 * @param {Record<string, any>} bundle
 * @param {{ entries: Set<string>, registerHref: string }} register the register's entry ids, and its URL from the page
 * @returns {Record<string, any>}
 */
export function renderedCopy(bundle, { entries, registerHref }) {
  const linked = linkRegister(withCodeSamples(bundle), entries, registerHref);
  return mapDescriptions(linked, {
    markdown: (text, at) => {
      const joined = joinSoftBreaks(text);
      // Joining lines must change what the index sees, never what the reader sees.
      if (renderedText(joined) !== renderedText(text))
        throw new Error(`${at}: joining the description's soft line breaks would change how it renders`);
      return joined;
    },
    plain: (text) => plainText(text),
  });
}

/**
 * Redoc's route of an operation's section: `/<first tag, lower case, spaces as dashes>/<operationId
 * in lower case>`, the fragment of `<api>/index.html#/artifacts/downloadartifact`.
 * @param {Record<string, any>} operation
 */
export function operationRoute(operation) {
  const tag = String(operation.tags?.[0] ?? "")
    .toLowerCase()
    .replace(/\s+/g, "-");
  return `/${tag}/${String(operation.operationId).toLowerCase()}`;
}
