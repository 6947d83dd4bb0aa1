export { addApiChanges, apiChangesSection } from "./changelog.js";
export { type ApiDiff, type Bump, type GateResult, gate, specDiff } from "./gate.js";
export type { AttwProfile, ConsumerProject, PackCheckOptions, PackCheckReport } from "./pack-check.js";
export { checkPackedPackage, exportSubpaths, parseProblem, unwantedFiles } from "./pack-check.js";
export { releaseVersion } from "./release-version.js";
export { type ApiChange, diffBundles, formatChange, type Impact } from "./spec-diff.js";
export { checkInfoVersions, setInfoVersion, syncInfoVersions } from "./version-sync.js";
