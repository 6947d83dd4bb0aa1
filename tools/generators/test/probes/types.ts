// What every probe exports; copied as src/probe-types.ts into each generated project.

export interface Settings {
  token: string;
  /** The API root of each API's server. */
  urls: { buddy: string; buildkite: string };
  /** What the probes list and get: a workspace and one of its artifacts, a build and one of its artifacts. */
  at: {
    buddy: { workspace: string; artifact_id: string };
    buildkite: { org_slug: string; pipeline_slug: string; build_number: number; job_id: string; artifact_id: string };
  };
}

export interface CallResults {
  buddy: { list: string[]; get: string };
  buildkite: { list: string[]; get: string };
}
