import * as buddy from "./buddy/index.js";
import * as buildkite from "./buildkite/index.js";
import type { CallResults, Settings } from "./probe-types.js";

export function operations(): Record<string, string[]> {
  const functions = (module: object) =>
    Object.keys(module).filter((name) => typeof Reflect.get(module, name) === "function");
  return { buddy: functions(buddy), buildkite: functions(buildkite) };
}

export async function calls({ token, urls, at }: Settings): Promise<CallResults> {
  const headers = { Authorization: `Bearer ${token}` };
  const list = await buddy.listArtifacts({ workspace: at.buddy.workspace }, { baseURL: urls.buddy, headers });
  const one = await buddy.getArtifact(at.buddy, { baseURL: urls.buddy, headers });
  const builds = await buildkite.listBuildArtifacts(at.buildkite, { baseURL: urls.buildkite, headers });
  const artifact = await buildkite.getArtifact(at.buildkite, { baseURL: urls.buildkite, headers });
  return {
    buddy: { list: list.data.artifacts.map((a) => a.id), get: one.data.id },
    buildkite: { list: builds.data.map((a) => a.id), get: artifact.data.id },
  };
}
