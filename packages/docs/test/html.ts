// Reads a built page as a browser does, with an HTML parser: the build minifies the pages, so
// attributes may be unquoted and end tags left out, and no test may depend on how a tag is spelt.
import { DomUtils, parseDocument } from "htmlparser2";

export type Element = ReturnType<typeof DomUtils.findAll>[number];

/** The elements of a page, or of an element, that pass a test, in document order. */
export function elements(within: string | Element, test: (element: Element) => boolean): Element[] {
  return DomUtils.findAll(test, typeof within === "string" ? parseDocument(within).children : within.children);
}

/** The elements of a page, or of an element, with this tag name. */
export const byTag = (within: string | Element, name: string): Element[] =>
  elements(within, (element) => element.name === name);

/** An element's text, entities decoded. */
export const textOf = (element: Element) => DomUtils.textContent(element);
