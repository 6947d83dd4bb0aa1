// @ts-check
// The guides: each is a package's README, rendered whole, so that the site and the package
// never tell two stories. A guide names the sections it is about; when a README loses one, the
// build fails naming the README and the heading, rather than publish a guide without it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * @typedef {object} Guide
 * @property {string} id the page, `guides/<id>.html`
 * @property {string} package the folder under packages/ whose README.md it renders
 * @property {string} title
 * @property {string[]} needs headings the README must have (any level), as written there
 */

/** @type {Guide[]} */
export const GUIDES = [
  {
    id: "client",
    package: "client",
    title: "Getting started with the client",
    needs: [
      "Quick start",
      "Buildkite",
      "downloadArtifact",
      "Options",
      "Retries, timeouts and pacing: retry()",
      "Errors and results",
      "Verified downloads",
    ],
  },
  {
    id: "cli",
    package: "cli",
    title: "The ci-artifacts command",
    needs: ["Tokens", "download", "rm", "Buddy.works", "Errors, --verbose and exit codes"],
  },
  { id: "mock", package: "mock", title: "Testing against the mock", needs: ["From a test suite"] },
  {
    id: "contract",
    package: "contract",
    title: "Checking payloads with the contract kit",
    needs: ["In a vitest suite", "API"],
  },
  { id: "versioning", package: "openapi", title: "Versioning and what counts as breaking", needs: ["Versions"] },
];

/** The headings of a Markdown text outside fenced code, with their 1-based lines. @param {string} markdown */
export function markdownHeadings(markdown) {
  /** @type {{ depth: number, text: string, line: number }[]} */
  const found = [];
  let fence = "";
  markdown.split("\n").forEach((line, i) => {
    const opens = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (opens && (!fence || (opens.startsWith(fence[0] ?? "") && opens.length >= fence.length))) {
      fence = fence ? "" : opens;
      return;
    }
    const heading = !fence && /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) found.push({ depth: heading[1]?.length ?? 0, text: heading[2] ?? "", line: i + 1 });
  });
  return found;
}

/** A Markdown text without its title (a first-level heading on its first line), for a page that has its own. @param {string} markdown */
export function withoutTitle(markdown) {
  return markdown.replace(/^\s*# [^\n]*\n/, "");
}

/**
 * A guide's README: its text without the title line (the page has the guide's title), and its
 * lead paragraph for the guide's card. Fails, naming the README and heading, when the README is
 * missing or lacks a section the guide needs.
 * @param {Guide} guide @param {string} packagesDir @param {string} shown how to name the README in messages
 */
export function readGuide(guide, packagesDir, shown) {
  const file = path.join(packagesDir, guide.package, "README.md");
  if (!existsSync(file)) throw new Error(`${shown}: missing; the guide "${guide.title}" renders it`);
  const markdown = readFileSync(file, "utf8");
  const headings = markdownHeadings(markdown);
  const plain = (/** @type {string} */ text) => text.replace(/[`*_]/g, "");
  for (const need of guide.needs) {
    if (!headings.some((h) => h.depth >= 2 && plain(h.text) === need))
      throw new Error(
        `${shown}: has no section "${need}", which the guide "${guide.title}" (guides/${guide.id}.html) needs; ` +
          `restore the heading, or change the guide's needs in packages/docs/lib/build/guides.mjs`,
      );
  }
  const body = withoutTitle(markdown);
  const lead = /^\s*((?:[^\n#`|<-][^\n]*\n?)+)/.exec(body)?.[1]?.trim() ?? "";
  return { file, markdown: body, lead };
}
