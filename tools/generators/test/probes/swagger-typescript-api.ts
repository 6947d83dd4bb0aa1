import { Api as BuddyApi } from "./buddy.js";
import { Api as BuildkiteApi } from "./buildkite.js";
import type { CallResults, Settings } from "./probe-types.js";

/** The route groups of an `Api`: objects of functions, one per operation. */
function routes(api: object): string[] {
  return Object.values(api).flatMap((group: unknown) =>
    group && typeof group === "object" && !Array.isArray(group)
      ? Object.keys(group).filter((name) => typeof Reflect.get(group, name) === "function")
      : [],
  );
}

export function operations(): Record<string, string[]> {
  return { buddy: routes(new BuddyApi()), buildkite: routes(new BuildkiteApi()) };
}

export async function calls({ token, urls, at }: Settings): Promise<CallResults> {
  const baseApiParams = { headers: { Authorization: `Bearer ${token}` } };
  const buddy = new BuddyApi({ baseUrl: urls.buddy, baseApiParams });
  const buildkite = new BuildkiteApi({ baseUrl: urls.buildkite, baseApiParams });
  const list = await buddy.workspaces.listArtifacts(at.buddy.workspace);
  const one = await buddy.workspaces.getArtifact(at.buddy.workspace, at.buddy.artifact_id);
  const { org_slug, pipeline_slug, build_number, job_id, artifact_id } = at.buildkite;
  const builds = await buildkite.organizations.listBuildArtifacts(org_slug, pipeline_slug, build_number);
  const artifact = await buildkite.organizations.getArtifact(
    org_slug,
    pipeline_slug,
    build_number,
    job_id,
    artifact_id,
  );
  return {
    buddy: { list: list.data.artifacts.map((a) => a.id), get: one.data.id },
    buildkite: { list: builds.data.map((a) => a.id), get: artifact.data.id },
  };
}
