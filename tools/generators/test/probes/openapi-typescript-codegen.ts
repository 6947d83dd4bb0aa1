import * as buddy from "./buddy/index.js";
import * as buildkite from "./buildkite/index.js";
import type { CallResults, Settings } from "./probe-types.js";

const statics = (service: object) =>
  Object.getOwnPropertyNames(service).filter((name) => typeof Reflect.get(service, name) === "function");

export function operations(): Record<string, string[]> {
  return { buddy: statics(buddy.ArtifactsService), buildkite: statics(buildkite.ArtifactsService) };
}

export async function calls({ token, urls, at }: Settings): Promise<CallResults> {
  // Each API's generated core has its own settings object.
  Object.assign(buddy.OpenAPI, { BASE: urls.buddy, TOKEN: token });
  Object.assign(buildkite.OpenAPI, { BASE: urls.buildkite, TOKEN: token });
  const list = await buddy.ArtifactsService.listArtifacts(at.buddy.workspace);
  const one = await buddy.ArtifactsService.getArtifact(at.buddy.workspace, at.buddy.artifact_id);
  const { org_slug, pipeline_slug, build_number, job_id, artifact_id } = at.buildkite;
  const builds = await buildkite.ArtifactsService.listBuildArtifacts(org_slug, pipeline_slug, build_number);
  const artifact = await buildkite.ArtifactsService.getArtifact(
    org_slug,
    pipeline_slug,
    build_number,
    job_id,
    artifact_id,
  );
  // Every answer is typed `T | Error`: the `default` response counts as a success.
  if (!("artifacts" in list) || !("id" in one) || !Array.isArray(builds) || !("id" in artifact)) {
    throw new Error("an error body where an artifact was expected");
  }
  return {
    buddy: { list: list.artifacts.map((a) => a.id), get: one.id },
    buildkite: { list: builds.map((a) => a.id), get: artifact.id },
  };
}
