// The step after `changeset version` (root script `release:version`). When the
// changesets bumped @ci-artifacts/openapi it: writes the classified API changes
// into the new CHANGELOG entry, sets each API's info.version to the new package
// version, rebuilds the bundles and keeps them as the new released baselines.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { addApiChanges } from "./changelog.js";
import { diffApis } from "./gate.js";
import { apis, buildOpenapi, bundleFile, layout, packageVersion, readJson, releasedFile, repoRoot } from "./repo.js";
import { syncInfoVersions } from "./version-sync.js";

/** The `info.version` of the released baselines, when they all agree. */
function releasedVersion(root: string): string | undefined {
  const versions = new Set(
    apis(root)
      .map((api) => releasedFile(root, api))
      .filter((file) => existsSync(file))
      .map((file) => (readJson(file) as { info?: { version?: unknown } }).info?.version),
  );
  if (versions.size > 1) {
    throw new Error(`${path.join(layout(root).openapiDir, "released")}: baselines disagree on info.version`);
  }
  const [version] = versions;
  return typeof version === "string" ? version : undefined;
}

/** Copies the current bundles over the released baselines. */
export function writeBaselines(root: string): string[] {
  return apis(root).map((api) => {
    const target = releasedFile(root, api);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(bundleFile(root, api), target);
    return target;
  });
}

export interface VersionStep {
  released: boolean;
  messages: string[];
}

/**
 * Runs the step at `root`. `build` bundles spec/ into packages/openapi/dist
 * (before and after info.version changes); tests pass a stand-in.
 */
export function releaseVersion(root: string = repoRoot, build: (root: string) => void = buildOpenapi): VersionStep {
  const { openapiDir } = layout(root);
  const version = packageVersion(openapiDir);
  const previous = releasedVersion(root);
  if (previous === version) {
    return { released: false, messages: [`@ci-artifacts/openapi stays at ${version}: nothing to do`] };
  }
  const messages: string[] = [];
  // Bundled before info.version moves, they differ from the baselines by the
  // API changes alone.
  build(root);
  const diffs = diffApis(root);
  const changelogFile = path.join(openapiDir, "CHANGELOG.md");
  const changelog = readFileSync(changelogFile, "utf8");
  writeFileSync(changelogFile, addApiChanges(changelog, version, diffs, changelogFile));
  messages.push(`${path.relative(root, changelogFile)}: API changes of ${version} written`);
  for (const file of syncInfoVersions(root)) {
    messages.push(`${path.relative(root, file)}: info.version set to ${version}`);
  }
  build(root);
  for (const file of writeBaselines(root)) {
    messages.push(`${path.relative(root, file)}: baseline of ${version} written`);
  }
  return { released: true, messages };
}
