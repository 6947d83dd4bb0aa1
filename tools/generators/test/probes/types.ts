// What every probe exports; copied as src/probe-types.ts into each generated project.

export interface Settings {
  token: string;
  /** The API root of each API's server. */
  urls: { buddy: string; buildkite: string };
}

export interface CallResults {
  buddy: { list: string[]; get: string };
  buildkite: { list: string[]; get: string };
}

/** The parameters every probe calls with. */
export const BUDDY = { workspace: "my-company", artifact_id: "x5169jL2" } as const;
export const BUILDKITE = {
  org_slug: "my-great-org",
  pipeline_slug: "my-pipeline",
  build_number: 1,
  job_id: "aae578fe-994c-44e6-84da-4102616928ba",
  artifact_id: "76365070-34d5-4104-8b91-952780f8029f",
} as const;
