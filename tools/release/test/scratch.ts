// A scratch repository with one small API, "things", laid out like this one.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const specFixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "spec-diff");

/** Stands in for `pnpm --filter @ci-artifacts/openapi run build`: spec YAML to dist JSON. */
export function build(at: string): void {
  const text = readFileSync(path.join(at, "spec", "things", "openapi.yaml"), "utf8");
  mkdirSync(path.join(at, "packages", "openapi", "dist"), { recursive: true });
  writeFileSync(path.join(at, "packages", "openapi", "dist", "things.json"), JSON.stringify(parse(text), null, 2));
}

const made: string[] = [];
export function cleanUp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A workspace whose released baseline is base.yaml at 1.0.0 and whose spec is the
 * fixture `revision`; @ci-artifacts/openapi is at `version`, with `changelog` and
 * the pending `changesets` (file name to text).
 */
export function scratchRepo(given: {
  revision: string;
  version: string;
  changelog?: string;
  changesets?: Record<string, string>;
}): string {
  const root = mkdtempSync(path.join(tmpdir(), "ci-artifacts-release-"));
  made.push(root);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  write("package.json", JSON.stringify({ name: "root", private: true }));
  write("pnpm-workspace.yaml", "packages:\n  - packages/*\n");
  write("redocly.yaml", "apis:\n  things:\n    root: spec/things/openapi.yaml\n");
  write(
    ".changeset/config.json",
    JSON.stringify({ baseBranch: "main", access: "public", privatePackages: { version: false, tag: false } }),
  );
  for (const [name, text] of Object.entries(given.changesets ?? {})) write(`.changeset/${name}.md`, text);
  write("packages/openapi/package.json", JSON.stringify({ name: "@ci-artifacts/openapi", version: given.version }));
  // A second public package, for changesets that do not name @ci-artifacts/openapi.
  write("packages/client/package.json", JSON.stringify({ name: "@ci-artifacts/client", version: "1.0.0" }));
  write("packages/openapi/CHANGELOG.md", given.changelog ?? "# @ci-artifacts/openapi\n");
  write(
    "packages/openapi/released/things.json",
    JSON.stringify(parse(readFileSync(path.join(specFixtures, "base.yaml"), "utf8"))),
  );
  mkdirSync(path.join(root, "spec", "things"), { recursive: true });
  cpSync(path.join(specFixtures, given.revision), path.join(root, "spec", "things", "openapi.yaml"));
  return root;
}

/** A changeset file's text. */
export const changeset = (releases: Record<string, string>, summary: string): string =>
  `---\n${Object.entries(releases)
    .map(([name, type]) => `"${name}": ${type}`)
    .join("\n")}\n---\n\n${summary}\n`;
