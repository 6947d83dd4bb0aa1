import { settings } from "./api-fetch.js";
import * as buddy from "./buddy.js";
import * as buildkite from "./buildkite.js";
import type { CallResults, Settings } from "./probe-types.js";

export function operations(): Record<string, string[]> {
  const functions = (module: object) =>
    Object.keys(module).filter((name) => typeof Reflect.get(module, name) === "function");
  return { buddy: functions(buddy), buildkite: functions(buildkite) };
}

export async function calls({ token, urls, at }: Settings): Promise<CallResults> {
  settings.buddy = { baseUrl: urls.buddy, token };
  settings.buildkite = { baseUrl: urls.buildkite, token };
  const list = await buddy.listArtifacts(at.buddy.workspace);
  const one = await buddy.getArtifact(at.buddy.workspace, at.buddy.artifact_id);
  const { org_slug, pipeline_slug, build_number, job_id, artifact_id } = at.buildkite;
  const builds = await buildkite.listBuildArtifacts(org_slug, pipeline_slug, build_number);
  const artifact = await buildkite.getArtifact(org_slug, pipeline_slug, build_number, job_id, artifact_id);
  if (list.status !== 200 || one.status !== 200 || builds.status !== 200 || artifact.status !== 200) {
    throw new Error(`expected 200s, got ${[list, one, builds, artifact].map((a) => a.status).join(", ")}`);
  }
  return {
    buddy: { list: list.data.artifacts.map((a) => a.id), get: one.data.id },
    buildkite: { list: builds.data.map((a) => a.id), get: artifact.data.id },
  };
}
