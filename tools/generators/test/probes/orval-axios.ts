import { getBuddyWorksArtifactsAPI } from "./buddy.js";
import { getBuildkiteArtifactsAPI } from "./buildkite.js";
import type { CallResults, Settings } from "./probe-types.js";

const buddy = getBuddyWorksArtifactsAPI();
const buildkite = getBuildkiteArtifactsAPI();

export function operations(): Record<string, string[]> {
  return { buddy: Object.keys(buddy), buildkite: Object.keys(buildkite) };
}

export async function calls({ token, urls, at }: Settings): Promise<CallResults> {
  const auth = { headers: { Authorization: `Bearer ${token}` } };
  const inBuddy = { ...auth, baseURL: urls.buddy };
  const inBuildkite = { ...auth, baseURL: urls.buildkite };
  const list = await buddy.listArtifacts(at.buddy.workspace, undefined, inBuddy);
  const one = await buddy.getArtifact(at.buddy.workspace, at.buddy.artifact_id, inBuddy);
  const { org_slug, pipeline_slug, build_number, job_id, artifact_id } = at.buildkite;
  const builds = await buildkite.listBuildArtifacts(org_slug, pipeline_slug, build_number, undefined, inBuildkite);
  const artifact = await buildkite.getArtifact(org_slug, pipeline_slug, build_number, job_id, artifact_id, inBuildkite);
  return {
    buddy: { list: list.data.artifacts.map((a) => a.id), get: one.data.id },
    buildkite: { list: builds.data.map((a) => a.id), get: artifact.data.id },
  };
}
