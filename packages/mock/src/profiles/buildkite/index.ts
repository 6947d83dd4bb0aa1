import type { Profile } from "../types.js";
import { buildkiteHandlers, storagePath } from "./handlers.js";
import { loadBuildkite, render } from "./load.js";
import { seedBuildkite } from "./seed.js";
import type { BuildkiteData, BuildkiteState, BuildkiteWhere } from "./types.js";
import { buildkiteError, buildkiteRateLimited, buildkiteRateLimitHeaders } from "./vendor.js";

export type { BuildkiteArtifactData, BuildkiteBuildData, BuildkiteData, BuildkiteWhere } from "./types.js";

/** Only a finished upload has a file: a `new` or `error` artifact was never stored, an `expired` one is gone. */
const STORED = "finished";

export const buildkite: Profile<BuildkiteState, BuildkiteData, BuildkiteWhere> = {
  handlers: buildkiteHandlers,
  // The vendor's 200 a minute per organization and 50 per user, per second here.
  rateLimit: { limit: 200, userLimit: 50 },
  seed: seedBuildkite,
  load: loadBuildkite,
  snapshot: (state, base) => ({
    api: "buildkite",
    builds: [...state.builds.values()].map((build) => ({
      org_slug: build.org_slug,
      pipeline_slug: build.pipeline_slug,
      build_number: build.build_number,
      jobs: [...build.jobs],
      artifacts: build.artifacts.map((artifact) => render(artifact, base)),
    })),
  }),
  file(state, path) {
    const id = decodeURIComponent(path.split("/")[2] ?? "");
    const artifact = state.byId.get(id);
    if (!artifact || storagePath(artifact) !== path || artifact.record.state !== STORED) return undefined;
    return {
      content: artifact.content,
      contentType: String(artifact.record.mime_type),
      filename: String(artifact.record.filename),
    };
  },
  error: buildkiteError,
  rateLimitHeaders: buildkiteRateLimitHeaders,
  rateLimited: buildkiteRateLimited,
  describe(data) {
    return data.builds
      .map((b) => `${b.artifacts.length} artifacts in build ${b.org_slug}/${b.pipeline_slug}/${b.build_number}`)
      .join(", ");
  },
  samplePath(data) {
    const build = data.builds[0];
    if (!build) return "/organizations/my-great-org/pipelines/my-pipeline/builds/1/artifacts";
    const e = encodeURIComponent;
    return `/organizations/${e(build.org_slug)}/pipelines/${e(build.pipeline_slug)}/builds/${build.build_number}/artifacts`;
  },
};
