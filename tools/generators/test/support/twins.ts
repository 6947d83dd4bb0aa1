/**
 * The servers the generated clients call: a twin of each API from `@ci-artifacts/mock`, seeded,
 * on a free port of 127.0.0.1, accepting its own token. Buildkite's is under `/v2`, as the real
 * API, and holds the build the guide's download example names, so that example runs as written.
 */
import { startTwin, type Twin } from "@ci-artifacts/mock";
import type { DownloadTarget } from "./download.js";

export interface Twins {
  buddy: Twin<"buddy">;
  buildkite: Twin<"buildkite">;
}

/** Fewer than a page (Buildkite's default `per_page` is 30), so a list without `page` answers them all. */
const BUILDKITE_ARTIFACTS = 12;

export async function startTwins(download: DownloadTarget): Promise<Twins> {
  const { org_slug, pipeline_slug, build_number } = download;
  const buddy = await startTwin("buddy", { port: 0 });
  let buildkite: Twin<"buildkite">;
  try {
    buildkite = await startTwin("buildkite", {
      port: 0,
      basePath: "/v2",
      artifacts: BUILDKITE_ARTIFACTS,
      where: { org_slug, pipeline_slug, build_number },
    });
  } catch (error) {
    await buddy.close();
    throw error;
  }
  const twins = { buddy, buildkite };
  try {
    downloadable(twins, download);
  } catch (error) {
    await closeTwins(twins);
    throw error;
  }
  return twins;
}

export async function closeTwins(twins: Twins | undefined): Promise<void> {
  await Promise.all([twins?.buddy.close(), twins?.buildkite.close()]);
}

/** The seeded build and artifact the download example asks for; an error naming the guide's line if there is no such artifact with a file. */
export function downloadable(twins: Twins, download: DownloadTarget) {
  const { org_slug, pipeline_slug, build_number, job_id, artifact_id } = download;
  const where = `${download.file}:${download.line}: the download asks for artifact ${artifact_id} of job ${job_id} in build ${org_slug}/${pipeline_slug}/${build_number}`;
  const build = twins.buildkite.seed.builds.find(
    (b) => b.org_slug === org_slug && b.pipeline_slug === pipeline_slug && b.build_number === build_number,
  );
  if (!build) throw new Error(`${where}, a build the Buildkite twin's seed does not have`);
  const artifact = build.artifacts.find((a) => a.id === artifact_id && a.job_id === job_id);
  if (!artifact) throw new Error(`${where}, which the Buildkite twin's seed does not hold`);
  if (artifact.state !== "finished") {
    throw new Error(
      `${where}, which the Buildkite twin's seed holds in state ${String(artifact.state)}, without a file`,
    );
  }
  return { build, artifact };
}
