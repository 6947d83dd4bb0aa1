// What a user gets: a project outside the workspace installs only @ci-artifacts/mock and
// @ci-artifacts/client from their packed tarballs (with the workspace packages they need, packed
// too, as they would come from the registry), starts the twin, and uses the client with its
// default options on it: every page, a download checked against its checksum, a delete, and a
// 429 that the client waits out.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PackedProject, packedProject } from "@ci-artifacts/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packages = fileURLToPath(new URL("../../../../packages/", import.meta.url));

const SCRIPT = `
import { createHash } from "node:crypto";
import { createBuildkiteClient, download, paginate } from "@ci-artifacts/client";
import { startTwin } from "@ci-artifacts/mock";

const LIST = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts";
const ONE = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
const started = performance.now();
const twin = await startTwin("buildkite", { artifacts: 250 });
const out = {};
try {
  // The main entry's client with its default options: retries, timeouts and pacing included.
  const client = createBuildkiteClient({ baseUrl: twin.url, token: twin.token });
  const build = twin.seed.builds[0];
  const path = { org_slug: build.org_slug, pipeline_slug: build.pipeline_slug, build_number: build.build_number };
  const all = async () => {
    const ids = [];
    for await (const artifact of paginate(client, LIST, { params: { path } })) ids.push(artifact.id);
    return ids;
  };

  const ids = await all();
  out.paginate = {
    items: ids.length,
    pages: twin.requests.filter((r) => r.route === "listBuildArtifacts").length,
    sameAsSeed: ids.join() === build.artifacts.map((a) => a.id).join(),
  };

  const artifact = build.artifacts.find((a) => a.state === "finished");
  const file = Buffer.from(await (await download(client, artifact)).arrayBuffer());
  out.download = {
    size: file.byteLength === artifact.file_size,
    sha1: createHash("sha1").update(file).digest("hex") === artifact.sha1sum,
    tokenToStorage: twin.requests.some((r) => r.listener === "storage" && r.headers.authorization !== undefined),
  };

  const one = { ...path, job_id: artifact.job_id, artifact_id: artifact.id };
  const deleted = await client.DELETE(ONE, { params: { path: one } });
  const gone = await client.GET(ONE, { params: { path: one } });
  const after = await all();
  out.delete = { status: deleted.response.status, get: gone.response.status, listed: after.includes(artifact.id), left: after.length };

  twin.faults.add("429:route=getArtifact,count=1");
  const next = build.artifacts.find((a) => a.id !== artifact.id);
  const from = twin.requests.length;
  const asked = performance.now();
  const got = await client.GET(ONE, { params: { path: { ...path, job_id: next.job_id, artifact_id: next.id } } });
  out.rateLimited = {
    status: got.response.status,
    same: got.data?.id === next.id,
    answers: twin.requests.slice(from).map((r) => r.fault ?? r.status),
    waitedMs: Math.round(performance.now() - asked),
  };
} finally {
  await twin.close();
}
out.ms = Math.round(performance.now() - started);
console.log(JSON.stringify(out));
`;

let project: PackedProject;

beforeAll(async () => {
  project = await packedProject({
    packages: ["mock", "client", "openapi", "spec", "contract"].map((name) => join(packages, name)),
    manifest: { type: "module" },
    files: { "acceptance.mjs": SCRIPT },
  });
});

afterAll(async () => {
  await project?.remove();
});

describe("a project outside the workspace", () => {
  it("pages, downloads, deletes and waits out a 429 on the twin, with the client's default options", async () => {
    const { stdout } = await project.run(process.execPath, ["acceptance.mjs"]);
    const out = JSON.parse(stdout) as { ms: number; rateLimited: { waitedMs: number } } & Record<string, unknown>;
    // Reported, not asserted: the machine is shared, and a test must not race its speed.
    console.info(
      `acceptance script: ${out.ms} ms in all, ${out.rateLimited.waitedMs} ms for the call that met the 429`,
    );
    expect(out).toEqual({
      paginate: { items: 250, pages: 3, sameAsSeed: true },
      download: { size: true, sha1: true, tokenToStorage: false },
      delete: { status: 204, get: 404, listed: false, left: 249 },
      rateLimited: { status: 200, same: true, answers: ["429", 200], waitedMs: expect.any(Number) },
      ms: expect.any(Number),
    });
  });
});
