import type { Content } from "../../storage/content.js";

/** One artifact as the API answers it; `url` and `download_url` may be left out (the twin writes its own), and `content` gives the file's text. */
export type BuildkiteArtifactData = Record<string, unknown> & { content?: string };

export interface BuildkiteBuildData {
  org_slug: string;
  pipeline_slug: string;
  build_number: number;
  /** The build's jobs; those of its artifacts are added. */
  jobs?: string[];
  artifacts: BuildkiteArtifactData[];
}

/** The data of a Buildkite twin: `--data file.json`, `data` in code, or `twin.seed`. */
export interface BuildkiteData {
  api?: "buildkite";
  builds: BuildkiteBuildData[];
}

/** Which build the seed fills; each left out comes from the description's parameter examples. */
export interface BuildkiteWhere {
  org_slug?: string;
  pipeline_slug?: string;
  build_number?: number;
}

export interface StoredArtifact {
  /** The artifact without its URLs, which are written per answer on the origin the client used. */
  record: Record<string, unknown>;
  /** The artifact's path below the API root. */
  self: string;
  content: Content;
  build: Build;
}

export interface Build {
  org_slug: string;
  pipeline_slug: string;
  build_number: number;
  jobs: Set<string>;
  /** In the order given; deleted ones are removed. */
  artifacts: StoredArtifact[];
}

export interface BuildkiteState {
  /** By `org/pipeline/number`. */
  builds: Map<string, Build>;
  byId: Map<string, StoredArtifact>;
}

export const buildKey = (org: string, pipeline: string, number: number | string) => `${org}/${pipeline}/${number}`;
