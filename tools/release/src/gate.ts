// The breaking-change gate: every API's current bundle against its last released
// one. A breaking change passes only when a pending changeset makes
// @ci-artifacts/openapi a major release.
import { existsSync } from "node:fs";
import path from "node:path";
import getReleasePlan from "@changesets/get-release-plan";
import { apis, buildOpenapi, bundleFile, openapiPackageName, readJson, releasedFile, repoRoot } from "./repo.js";
import { type ApiChange, diffBundles, formatChange, isVersionOnly } from "./spec-diff.js";

export type Bump = "major" | "minor" | "patch" | "none";

export interface ApiDiff {
  api: string;
  /** `info.version` of the released bundle; undefined for an API never released. */
  released: string | undefined;
  changes: ApiChange[];
}

export interface GateResult {
  ok: boolean;
  /** What to print, one line each: a summary per API, then each change. */
  report: string[];
  /** One line per breaking change that the pending changesets do not allow. */
  errors: string[];
}

const label = { major: "BREAKING", minor: "added", patch: "changed" } as const;

/** Decides the gate from the classified changes and the pending bump of @ci-artifacts/openapi. */
export function gate(diffs: ApiDiff[], pendingBump: Bump): GateResult {
  const report: string[] = [];
  const errors: string[] = [];
  for (const { api, released, changes } of diffs) {
    if (released === undefined) {
      report.push(`${api}: never released, no baseline to compare with (the next release writes one)`);
      continue;
    }
    const shown = changes.filter((change) => !isVersionOnly(change));
    const count = (impact: ApiChange["impact"]) => shown.filter((change) => change.impact === impact).length;
    report.push(
      `${api}: ${shown.length} change(s) since ${released}: ${count("major")} breaking, ${count("minor")} added, ${count("patch")} other`,
    );
    for (const change of shown) {
      report.push(`  ${label[change.impact]} ${formatChange(change)}`);
      if (change.impact === "major" && pendingBump !== "major") {
        errors.push(`${api}: breaking change in ${formatChange(change)}`);
      }
    }
  }
  if (errors.length > 0) {
    errors.push(
      `${errors.length} breaking change(s) need a major release of ${openapiPackageName}: undo them, or add a changeset ` +
        `(\`pnpm changeset\`) that bumps ${openapiPackageName} by major (pending bump: ${pendingBump}).`,
    );
  } else if (
    pendingBump === "major" &&
    diffs.some((diff) => diff.changes.some((change) => change.impact === "major"))
  ) {
    report.push(`breaking changes allowed: a pending changeset makes ${openapiPackageName} a major release`);
  }
  return { ok: errors.length === 0, report, errors };
}

/** The bump that the pending changesets give @ci-artifacts/openapi. */
export async function pendingBump(root: string = repoRoot): Promise<Bump> {
  const plan = await getReleasePlan(root);
  return plan.releases.find((release) => release.name === openapiPackageName)?.type ?? "none";
}

/** Classifies each API's changes since its last release. */
export function diffApis(root: string = repoRoot): ApiDiff[] {
  return apis(root).map((api) => {
    const current = bundleFile(root, api);
    if (!existsSync(current)) {
      throw new Error(`${path.relative(root, current)} is missing: build @ci-artifacts/openapi first (pnpm build)`);
    }
    const releasedPath = releasedFile(root, api);
    if (!existsSync(releasedPath)) return { api, released: undefined, changes: [] };
    const base = readJson(releasedPath) as { info?: { version?: unknown } };
    const version = typeof base.info?.version === "string" ? base.info.version : "the last release";
    return { api, released: version, changes: diffBundles(releasedPath, current, base, readJson(current)) };
  });
}

/** `pnpm spec:diff`: bundles the APIs at `root` (`build`), then decides the gate. */
export async function specDiff(
  root: string = repoRoot,
  build: (root: string) => void = buildOpenapi,
): Promise<GateResult> {
  build(root);
  return gate(diffApis(root), await pendingBump(root));
}
