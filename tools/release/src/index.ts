export { checkPackedPackage, cleanEnv, exportSubpaths, unwantedFiles, parseProblem } from "./pack-check.js";
export type { AttwProfile, ConsumerProject, PackCheckOptions, PackCheckReport } from "./pack-check.js";
export { diffBundles, formatChange, type ApiChange, type Impact } from "./spec-diff.js";
export { gate, specDiff, type ApiDiff, type Bump, type GateResult } from "./gate.js";
export { checkInfoVersions, setInfoVersion, syncInfoVersions } from "./version-sync.js";
export { addApiChanges, apiChangesSection } from "./changelog.js";
export { releaseVersion } from "./release-version.js";
