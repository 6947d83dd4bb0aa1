/** What the probes ask the twins for, and what they must find: both read from the twins' seeds. */
import type { Settings } from "../probes/types.js";
import type { DownloadTarget } from "./download.js";
import { downloadable, type Twins } from "./twins.js";

export interface Expected {
  /** What the probes are given: the token, each API's root, and where to list and get. */
  settings: Settings;
  /** What they must print: the ids of each list, and the id of each get. */
  calls: { buddy: { list: string[]; get: string }; buildkite: { list: string[]; get: string } };
}

const ids = (artifacts: readonly Record<string, unknown>[]) => artifacts.map((a) => String(a.id));

/**
 * Buddy's first workspace and its first artifact; Buildkite's build the download names and the
 * artifact it downloads. Buddy's list is not paginated, and Buildkite's build fits on its first
 * page, so each list answers every artifact seeded there.
 */
export function expectedCalls(twins: Twins, download: DownloadTarget): Expected {
  const workspace = twins.buddy.seed.workspaces[0];
  const first = workspace?.artifacts[0];
  if (!workspace || !first) throw new Error("the Buddy twin's seed has no workspace with an artifact");
  const { org_slug, pipeline_slug, build_number, job_id, artifact_id } = download;
  const { build } = downloadable(twins, download);
  // The probes send one token to both APIs.
  if (twins.buddy.token !== twins.buildkite.token) throw new Error("the two twins accept different tokens");
  return {
    settings: {
      token: twins.buddy.token,
      urls: { buddy: twins.buddy.url, buildkite: twins.buildkite.url },
      at: {
        buddy: { workspace: workspace.workspace, artifact_id: String(first.id) },
        buildkite: { org_slug, pipeline_slug, build_number, job_id, artifact_id },
      },
    },
    calls: {
      buddy: { list: ids(workspace.artifacts), get: String(first.id) },
      buildkite: { list: ids(build.artifacts), get: artifact_id },
    },
  };
}
