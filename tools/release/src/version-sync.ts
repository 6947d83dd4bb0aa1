// Each API's `info.version` follows the version of @ci-artifacts/openapi, the
// package that ships it. `changeset version` bumps the package; this rewrites the
// one scalar in each spec/<api>/openapi.yaml and leaves every other byte alone.
import { readFileSync, writeFileSync } from "node:fs";
import { isScalar, parseDocument } from "yaml";
import { apis, layout, packageVersion, repoRoot, specFile } from "./repo.js";

/** Where `info.version` is in a YAML text, or an error naming the file. */
function locateInfoVersion(text: string, file: string): { value: string; start: number; end: number } {
  const document = parseDocument(text, { keepSourceTokens: true });
  if (document.errors.length > 0) {
    const [error] = document.errors;
    throw new Error(`${file}:${error!.linePos?.[0].line ?? "?"}: ${error!.message}`);
  }
  const node = document.getIn(["info", "version"], true);
  if (!isScalar(node) || !node.range) {
    throw new Error(`${file}: no info.version scalar`);
  }
  return { value: String(node.value), start: node.range[0], end: node.range[1] };
}

export function readInfoVersion(text: string, file: string): string {
  return locateInfoVersion(text, file).value;
}

/** The same text with `info.version` set to `version`. */
export function setInfoVersion(text: string, version: string, file: string): string {
  const { start, end } = locateInfoVersion(text, file);
  return `${text.slice(0, start)}${version}${text.slice(end)}`;
}

export interface VersionMismatch {
  file: string;
  found: string;
}

/** The spec files whose `info.version` differs from the package version. */
export function checkInfoVersions(root: string = repoRoot): { version: string; mismatches: VersionMismatch[] } {
  const version = packageVersion(layout(root).openapiDir);
  const mismatches = apis(root)
    .map((api) => {
      const file = specFile(root, api);
      return { file, found: readInfoVersion(readFileSync(file, "utf8"), file) };
    })
    .filter(({ found }) => found !== version);
  return { version, mismatches };
}

/** Sets every API's `info.version` to the package version; returns the files changed. */
export function syncInfoVersions(root: string = repoRoot): string[] {
  const { version, mismatches } = checkInfoVersions(root);
  for (const { file } of mismatches) {
    writeFileSync(file, setInfoVersion(readFileSync(file, "utf8"), version, file));
  }
  return mismatches.map(({ file }) => file);
}
