import * as buddy from "./buddy/index.js";
import * as buildkite from "./buildkite/index.js";
import type { CallResults, Settings } from "./probe-types.js";

export function operations(): Record<string, string[]> {
  const functions = (module: object) =>
    Object.keys(module).filter((name) => typeof Reflect.get(module, name) === "function");
  return { buddy: functions(buddy), buildkite: functions(buildkite) };
}

export async function calls({ token, urls, at }: Settings): Promise<CallResults> {
  const inBuddy = { baseUrl: urls.buddy, auth: token, throwOnError: true } as const;
  const inBuildkite = { baseUrl: urls.buildkite, auth: token, throwOnError: true } as const;
  const list = await buddy.listArtifacts({ ...inBuddy, path: { workspace: at.buddy.workspace } });
  const one = await buddy.getArtifact({ ...inBuddy, path: at.buddy });
  const builds = await buildkite.listBuildArtifacts({ ...inBuildkite, path: at.buildkite });
  const artifact = await buildkite.getArtifact({ ...inBuildkite, path: at.buildkite });
  return {
    buddy: { list: list.data.artifacts.map((a) => a.id), get: one.data.id },
    buildkite: { list: builds.data.map((a) => a.id), get: artifact.data.id },
  };
}
