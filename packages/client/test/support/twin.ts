// The twin of @ci-artifacts/mock, started small for the client's tests: a few seeded artifacts in
// the build and workspace the tests name, each API under its vendor's root (`/v2`, a self-hosted
// Buddy's `/api`), and a token of the tests' own. Tests compare with the twin's own data.
import { createHash } from "node:crypto";
import { type BuddyClient, type BuddyPaths, createBuddyClient, type Plugin } from "@ci-artifacts/client/buddy";
import { type BuildkiteClient, type BuildkiteListItem, createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { type RecordedRequest, startTwin, type Twin, type TwinOptions } from "@ci-artifacts/mock";
import type { FetchResponse } from "openapi-fetch";

export const BUILDKITE_TOKEN = "test-token-for-buildkite";
export const BUDDY_TOKEN = "test-token-for-buddy";
/** The build the Buildkite twin's seed fills. */
export const BUILD = { org_slug: "acme", pipeline_slug: "web", build_number: 42 };
/** The workspace the Buddy twin's seed fills. */
export const WORKSPACE = { workspace: "acme" };

/** A Buildkite artifact as the client types a list's item. */
export type Artifact =
  BuildkiteListItem<"/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts">;
/** A Buddy artifact as the client types getArtifact's answer. */
export type BuddyArtifact = NonNullable<
  FetchResponse<
    BuddyPaths["/workspaces/{workspace}/artifacts/{artifact_id}"]["get"],
    object,
    "application/json"
  >["data"]
>;

const running = new Set<Twin>();

/** A Buildkite twin on a free port: `artifacts` (default 5) seeded artifacts in {@link BUILD}, below `/v2`. */
export async function buildkiteTwin(options: TwinOptions<"buildkite"> = {}): Promise<Twin<"buildkite">> {
  const twin = await startTwin("buildkite", {
    basePath: "/v2",
    token: BUILDKITE_TOKEN,
    where: BUILD,
    artifacts: 5,
    ...options,
  });
  running.add(twin);
  return twin;
}

/** A Buddy twin on a free port: `artifacts` (default 3) seeded artifacts in {@link WORKSPACE}, below `/api`. */
export async function buddyTwin(options: TwinOptions<"buddy"> = {}): Promise<Twin<"buddy">> {
  const twin = await startTwin("buddy", {
    basePath: "/api",
    token: BUDDY_TOKEN,
    where: WORKSPACE,
    artifacts: 3,
    ...options,
  });
  running.add(twin);
  return twin;
}

/** A lean Buildkite client on `twin` with the tests' token, and `plugins` if given. */
export const buildkiteClientOn = (twin: Twin<"buildkite">, plugins?: readonly Plugin[]): BuildkiteClient =>
  createBuildkiteClient({ token: BUILDKITE_TOKEN, baseUrl: twin.url, plugins });

/** A lean Buddy client on `twin` with the tests' token, and `plugins` if given. */
export const buddyClientOn = (twin: Twin<"buddy">, plugins?: readonly Plugin[]): BuddyClient =>
  createBuddyClient({ token: BUDDY_TOKEN, baseUrl: twin.url, plugins });

/** A {@link buildkiteTwin} and a lean client on it. */
export async function startBuildkite(options: TwinOptions<"buildkite"> = {}) {
  const twin = await buildkiteTwin(options);
  return { twin, bk: buildkiteClientOn(twin) };
}

/** A {@link buddyTwin} and a lean client on it. */
export async function startBuddy(options: TwinOptions<"buddy"> = {}) {
  const twin = await buddyTwin(options);
  return { twin, buddy: buddyClientOn(twin) };
}

/** Stops every twin started so far (for afterEach and afterAll). */
export async function closeTwins(): Promise<void> {
  const twins = [...running];
  running.clear();
  await Promise.all(twins.map((twin) => twin.close()));
}

/**
 * The build's artifacts as the twin answers them, in its order: as seeded, or as they are now
 * (`now`). The twin checks its data against the description's artifact schema.
 */
export function artifactsOf(twin: Twin<"buildkite">, now = false): Artifact[] {
  const build = (now ? twin.data() : twin.seed).builds[0];
  if (!build) throw new Error("the twin has no build");
  return build.artifacts as unknown as Artifact[];
}

/** The seeded artifacts that have a file. */
export function finishedOf(twin: Twin<"buildkite">): Artifact[] {
  return artifactsOf(twin).filter((artifact) => artifact.state === "finished");
}

/** The workspace's artifacts as the twin answers them: as seeded, or as they are now (`now`). */
export function buddyArtifactsOf(twin: Twin<"buddy">, now = false): BuddyArtifact[] {
  const workspace = (now ? twin.data() : twin.seed).workspaces[0];
  if (!workspace) throw new Error("the twin has no workspace");
  return workspace.artifacts as unknown as BuddyArtifact[];
}

/** The ids that identify an artifact in a path. */
export const idsOf = (artifact: Pick<Artifact, "id" | "job_id">) => ({
  ...BUILD,
  job_id: artifact.job_id,
  artifact_id: artifact.id,
});

/** What reached the API's origin. */
export const apiRequests = (twin: Twin): RecordedRequest[] => twin.requests.filter((r) => r.listener === "api");
/** What reached the storage origin. */
export const storageRequests = (twin: Twin): RecordedRequest[] => twin.requests.filter((r) => r.listener === "storage");

export const sha1 = (bytes: Uint8Array | string) => createHash("sha1").update(bytes).digest("hex");
