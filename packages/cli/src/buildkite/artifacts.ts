/**
 * A build's artifacts, page after page (the client's `paginate`), narrowed by job, state and a
 * glob on their paths. The glob is matched here with picomatch, the same for every server, as
 * the API's own `path` filter knows only `*`.
 */
import { type BuildkiteClient, type BuildkiteListItem, paginate } from "@ci-artifacts/client";
import { UsageError } from "../errors.js";
import type { BuildRef } from "./build-ref.js";

export const BUILD_ARTIFACTS = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts";
export const JOB_ARTIFACTS =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts";
export const ONE_ARTIFACT =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";

export type Artifact = BuildkiteListItem<typeof BUILD_ARTIFACTS>;

export const STATES = ["new", "error", "finished", "deleted", "expired"] as const;
export type State = (typeof STATES)[number];

export interface ListFilters {
  job?: string | undefined;
  state?: State | undefined;
  glob?: string | undefined;
  perPage?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** A matcher for a glob on artifact paths; `*` stays within a folder, `**` crosses them, dotfiles match. */
export async function globMatcher(glob: string | undefined): Promise<(path: string) => boolean> {
  if (glob === undefined) return () => true;
  if (glob.trim() === "") throw new UsageError("--glob is empty: give a pattern such as 'dist/**'");
  // picomatch is loaded only when a glob is given.
  const { default: picomatch } = await import("picomatch");
  return picomatch(glob, { dot: true });
}

export async function* listArtifacts(
  client: BuildkiteClient,
  build: BuildRef,
  filters: ListFilters,
): AsyncGenerator<Artifact, void, undefined> {
  const matches = await globMatcher(filters.glob);
  const path = { org_slug: build.org_slug, pipeline_slug: build.pipeline_slug, build_number: build.build_number };
  const query = {
    ...(filters.state !== undefined && { state: filters.state }),
    ...(filters.perPage !== undefined && { per_page: filters.perPage }),
  };
  const job = filters.job ?? build.job;
  const items =
    job === undefined
      ? paginate(client, BUILD_ARTIFACTS, { params: { path, query }, signal: filters.signal })
      : paginate(client, JOB_ARTIFACTS, { params: { path: { ...path, job_id: job }, query }, signal: filters.signal });
  for await (const artifact of items) {
    if (matches(artifact.path)) yield artifact;
  }
}

export async function collectArtifacts(
  client: BuildkiteClient,
  build: BuildRef,
  filters: ListFilters,
): Promise<Artifact[]> {
  const all: Artifact[] = [];
  for await (const artifact of listArtifacts(client, build, filters)) all.push(artifact);
  return all;
}
