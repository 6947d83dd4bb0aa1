// Adds the classified API changes to the CHANGELOG entry that `changeset version`
// just wrote, so a reader sees what changed in each API next to the changesets'
// own summaries.
import type { ApiDiff } from "./gate.js";
import { formatChange, isVersionOnly } from "./spec-diff.js";

const label = { major: "**Breaking:**", minor: "Added:", patch: "Changed:" } as const;
const order = { major: 0, minor: 1, patch: 2 } as const;

/** The "### API changes" section for one release. */
export function apiChangesSection(diffs: ApiDiff[]): string {
  const lines = ["### API changes", ""];
  for (const { api, released, changes } of diffs) {
    lines.push(`#### ${api}`, "");
    const shown = changes.filter((change) => !isVersionOnly(change)).sort((a, b) => order[a.impact] - order[b.impact]);
    if (released === undefined) {
      lines.push("- First release of this API.");
    } else if (shown.length === 0) {
      lines.push(`- No changes since ${released}.`);
    } else {
      for (const change of shown) lines.push(`- ${label[change.impact]} ${formatChange(change)}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/**
 * `changelog` with the section added at the end of the `## <version>` entry.
 * Throws, naming `file`, when that entry is missing or already has the section.
 */
export function addApiChanges(changelog: string, version: string, diffs: ApiDiff[], file: string): string {
  const lines = changelog.split("\n");
  const heading = lines.findIndex((line) => line.trim() === `## ${version}`);
  if (heading < 0) {
    throw new Error(`${file}: no "## ${version}" entry; run \`changeset version\` first`);
  }
  let end = lines.findIndex((line, index) => index > heading && /^## /.test(line));
  if (end < 0) end = lines.length;
  if (lines.slice(heading, end).some((line) => line.trim() === "### API changes")) {
    throw new Error(`${file}:${heading + 1}: the ${version} entry already has an "### API changes" section`);
  }
  // Keep one blank line between the entry's last line and the new section.
  let insertAt = end;
  while (insertAt > heading + 1 && lines[insertAt - 1]!.trim() === "") insertAt -= 1;
  const section = apiChangesSection(diffs).split("\n");
  return [...lines.slice(0, insertAt), "", ...section, ...lines.slice(end)].join("\n");
}
