/** What each Buildkite operation does to the data (api-facts.md, "Buildkite REST API — artifacts"). */
import { empty, json, type TwinResponse } from "../../http/response.js";
import type { Handler, HandlerContext } from "../types.js";
import { render } from "./load.js";
import { paginate } from "./pages.js";
import { type Build, type BuildkiteState, buildKey, type StoredArtifact } from "./types.js";
import { buildkiteError } from "./vendor.js";

type Context = HandlerContext<BuildkiteState>;

const notFound = (message: string) => json(404, buildkiteError(404, message));

function buildOf(context: Context): Build | TwinResponse {
  const { org_slug, pipeline_slug, build_number } = context.values.path;
  return (
    context.state.builds.get(buildKey(String(org_slug), String(pipeline_slug), Number(build_number))) ??
    notFound("No build found")
  );
}

function artifactOf(context: Context): StoredArtifact | TwinResponse {
  const build = buildOf(context);
  if (!isBuild(build)) return build;
  const job = String(context.values.path.job_id);
  if (!build.jobs.has(job)) return notFound("No job found");
  const artifact = context.state.byId.get(String(context.values.path.artifact_id));
  if (!artifact || artifact.build !== build || artifact.record.job_id !== job) return notFound("No artifact found");
  return artifact;
}

const isBuild = (value: Build | TwinResponse): value is Build => "jobs" in value;
const isArtifact = (value: StoredArtifact | TwinResponse): value is StoredArtifact => "record" in value;

/** `*` matches any characters, anything else itself (the `path` parameter's description). */
function pathMatcher(pattern: string): (path: string) => boolean {
  if (!pattern.includes("*")) return (path) => path === pattern;
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const regex = new RegExp(`^${source}$`, "s");
  return (path) => regex.test(path);
}

function list(context: Context, artifacts: readonly StoredArtifact[]): TwinResponse {
  const { state, path, page, per_page } = context.values.query;
  let matching = artifacts;
  if (state !== undefined) matching = matching.filter((a) => a.record.state === state);
  if (path !== undefined) {
    const matches = pathMatcher(String(path));
    matching = matching.filter((a) => matches(String(a.record.path)));
  }
  const { items, link } = paginate(matching, context.url, Number(page ?? 1), Number(per_page ?? 30));
  return json(
    200,
    items.map((a) => render(a, context.base)),
    link ? { link } : {},
  );
}

export const buildkiteHandlers: Record<string, Handler<BuildkiteState>> = {
  listBuildArtifacts(context) {
    const build = buildOf(context);
    return isBuild(build) ? list(context, build.artifacts) : build;
  },
  listJobArtifacts(context) {
    const build = buildOf(context);
    if (!isBuild(build)) return build;
    const job = String(context.values.path.job_id);
    if (!build.jobs.has(job)) return notFound("No job found");
    return list(
      context,
      build.artifacts.filter((a) => a.record.job_id === job),
    );
  },
  getArtifact(context) {
    const artifact = artifactOf(context);
    return isArtifact(artifact) ? json(200, render(artifact, context.base)) : artifact;
  },
  deleteArtifact(context) {
    const artifact = artifactOf(context);
    if (!isArtifact(artifact)) return artifact;
    const { artifacts } = artifact.build;
    artifacts.splice(artifacts.indexOf(artifact), 1);
    context.state.byId.delete(String(artifact.record.id));
    return empty(204);
  },
  downloadArtifact(context) {
    const artifact = artifactOf(context);
    if (!isArtifact(artifact)) return artifact;
    const url = context.presign(storagePath(artifact));
    return json(302, { url }, { location: url });
  },
};

/** Where the storage route serves an artifact's file: its id, then its file name, as an S3 key would read. */
export function storagePath(artifact: StoredArtifact): string {
  return `/twin-artifacts/${encodeURIComponent(String(artifact.record.id))}/${encodeURIComponent(String(artifact.record.filename))}`;
}
