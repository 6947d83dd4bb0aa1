/**
 * The data the suite's twins serve: one Buildkite build and one Buddy workspace whose artifacts
 * are numbered, so a call names its artifact by number and the plan of the load run can too.
 */
import type { BuddyData, BuildkiteData } from "@ci-artifacts/mock";

/** Where the suite's Buildkite calls go: Buildkite's own root is /v2, a self-hosted Buddy's /api. */
export const BUILDKITE_ROOT = "/v2";
export const BUDDY_ROOT = "/api";
export const BUILD = { org_slug: "acme", pipeline_slug: "web", build_number: 42 };
export const WORKSPACE = "acme";
export const JOB = "aae578fe-994c-44e6-84da-4102616928ba";
/** Every file the storage serves is this long. */
export const FILE_SIZE = 64;

/** Artifact n of the build: a UUID, as Buildkite's ids are. */
export const artifactId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
/** Artifact n of the workspace: a short opaque string, as Buddy's ids are (`B01`). */
export const buddyId = (n: number) => `art-${n}`;

export function buildkiteData(artifacts: number): BuildkiteData {
  return {
    api: "buildkite",
    builds: [
      {
        ...BUILD,
        jobs: [JOB],
        artifacts: Array.from({ length: artifacts }, (_, n) => ({
          id: artifactId(n),
          job_id: JOB,
          path: `dist/art-${n}.tgz`,
          file_size: FILE_SIZE,
        })),
      },
    ],
  };
}

/** The workspace holds the artifacts that `updates` names (creates add their own). */
export function buddyData(updates: Iterable<number>): BuddyData {
  return {
    api: "buddy",
    workspaces: [
      {
        workspace: WORKSPACE,
        artifacts: [...updates].map((n) => ({ id: buddyId(n), name: `art-${n}`, type: "BUCKET", scope: "WORKSPACE" })),
      },
    ],
  };
}
