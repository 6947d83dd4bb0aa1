import { api as buddyApi, createApiClient as buddyClient } from "./buddy.js";
import { api as buildkiteApi, createApiClient as buildkiteClient } from "./buildkite.js";
import type { CallResults, Settings } from "./probe-types.js";

export function operations(): Record<string, string[]> {
  const aliases = (endpoints: readonly { alias?: string }[]) => endpoints.flatMap((e) => (e.alias ? [e.alias] : []));
  return { buddy: aliases(buddyApi.api), buildkite: aliases(buildkiteApi.api) };
}

export async function calls({ token, urls, at }: Settings): Promise<CallResults> {
  const axiosConfig = { headers: { Authorization: `Bearer ${token}` } };
  const buddy = buddyClient(urls.buddy, { axiosConfig });
  const buildkite = buildkiteClient(urls.buildkite, { axiosConfig });
  const list = await buddy.listArtifacts({ params: { workspace: at.buddy.workspace } });
  const one = await buddy.getArtifact({ params: at.buddy });
  const builds = await buildkite.listBuildArtifacts({ params: at.buildkite });
  const artifact = await buildkite.getArtifact({ params: at.buildkite });
  return {
    buddy: { list: list.artifacts.map((a) => a.id), get: one.id },
    buildkite: { list: builds.map((a) => a.id), get: artifact.id },
  };
}
