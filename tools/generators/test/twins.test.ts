// The twins the generated clients call, and what the matrix expects of them: the guide's download
// examples name one artifact, the Buildkite twin holds it with a file, and the ids the probes must
// print are what the twins answer to a plain request.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DownloadTarget, downloadTarget } from "./support/download.js";
import { type Expected, expectedCalls } from "./support/expected.js";
import { GENERATORS } from "./support/generators.js";
import { GUIDE_HEADING, parseGuide, readGuide } from "./support/guide.js";
import { partOf } from "./support/project.js";
import { closeTwins, downloadable, startTwins, type Twins } from "./support/twins.js";

const readme = join(dirname(fileURLToPath(import.meta.resolve("@ci-artifacts/openapi/buddy.json"))), "..", "README.md");
const guide = readGuide(readme);
const fence = "```";

describe("downloadTarget", () => {
  it("reads the same artifact from every generator's download example", () => {
    const targets = GENERATORS.map((g) => downloadTarget(partOf(guide, g), guide.file));
    const what = ({ file: _file, line: _line, ...target }: DownloadTarget) => target;
    expect(new Set(targets.map((t) => JSON.stringify(what(t)))).size).toBe(1);
    expect(what(targets[0] as DownloadTarget)).toMatchObject({ build_number: expect.any(Number) });
  });

  it.each([
    {
      name: "positional arguments",
      given:
        'await api.downloadArtifact(\n  "acme",\n  "web",\n  42,\n  "job-1",\n  "art-1",\n  { redirect: "manual" },\n);',
      want: {
        org_slug: "acme",
        pipeline_slug: "web",
        build_number: 42,
        job_id: "job-1",
        artifact_id: "art-1",
        line: 5,
      },
    },
    {
      name: "an object of path parameters",
      given:
        'import { downloadArtifact } from "./x.js";\nconst r = await downloadArtifact({\n  path: { org_slug: "o", pipeline_slug: "p", build_number: 7, job_id: "j", artifact_id: "a" },\n  redirect: "manual",\n});',
      want: { org_slug: "o", pipeline_slug: "p", build_number: 7, job_id: "j", artifact_id: "a", line: 6 },
    },
  ])("reads $name", ({ given, want }) => {
    const part = parseGuide(`${GUIDE_HEADING}\n### gen\n${fence}ts\n// src/download.ts\n${given}\n${fence}\n`, "x.md")
      .parts[0];
    if (!part) throw new Error("no part");
    expect(downloadTarget(part, "x.md")).toEqual({ ...want, file: "x.md" });
  });

  it.each([
    {
      name: "a part without a download",
      given: `${fence}ts\n// src/other.ts\nx;\n${fence}`,
      want: /x\.md:2: "### gen" has no src\/download\.ts/,
    },
    {
      name: "a download that never calls downloadArtifact",
      given: `${fence}ts\n// src/download.ts\nfetch(url);\n${fence}`,
      want: /x\.md:4: src\/download\.ts never calls downloadArtifact\(/,
    },
    {
      name: "a build number given as a variable",
      given: `${fence}ts\n// src/download.ts\n\nawait downloadArtifact("acme", "web", build, "j", "a");\n${fence}`,
      want: /x\.md:6: the download call must name the organization, pipeline, build number, job and artifact as literals, in that order; found \["acme","web","j","a"\]/,
    },
  ])("refuses $name, naming the line", ({ given, want }) => {
    const part = parseGuide(`${GUIDE_HEADING}\n### gen\n${given}\n`, "x.md").parts[0];
    if (!part) throw new Error("no part");
    expect(() => downloadTarget(part, "x.md")).toThrow(want);
  });
});

describe("startTwins", () => {
  const [generator] = GENERATORS;
  if (!generator) throw new Error("no generator");
  const download = downloadTarget(partOf(guide, generator), guide.file);
  let twins: Twins | undefined;
  let expected: Expected;
  beforeAll(async () => {
    twins = await startTwins(download);
    expected = expectedCalls(twins, download);
  });
  afterAll(async () => {
    await closeTwins(twins);
  });

  const get = async (url: string, token = expected.settings.token) => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: "manual" });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
  };
  const idsOf = (value: unknown) => (value as { id: string }[]).map((a) => a.id);

  it("answers the probes' lists with every artifact they must print, on one page", async () => {
    const { urls, at } = expected.settings;
    const buddy = await get(`${urls.buddy}/workspaces/${at.buddy.workspace}/artifacts`);
    expect(idsOf((buddy.body as { artifacts: unknown }).artifacts)).toEqual(expected.calls.buddy.list);
    const { org_slug, pipeline_slug, build_number } = at.buildkite;
    const builds = await get(
      `${urls.buildkite}/organizations/${org_slug}/pipelines/${pipeline_slug}/builds/${build_number}/artifacts`,
    );
    expect(builds.headers.get("link")).toBeNull();
    expect(idsOf(builds.body)).toEqual(expected.calls.buildkite.list);
    expect(expected.calls.buildkite.list.length).toBeGreaterThan(1);
    expect(expected.calls.buddy.list.length).toBeGreaterThan(1);
  });

  it("answers the probes' gets with the artifact asked for", async () => {
    const { urls, at } = expected.settings;
    const one = await get(`${urls.buddy}/workspaces/${at.buddy.workspace}/artifacts/${at.buddy.artifact_id}`);
    expect((one.body as { id: string }).id).toBe(expected.calls.buddy.get);
    const b = at.buildkite;
    const artifact = await get(
      `${urls.buildkite}/organizations/${b.org_slug}/pipelines/${b.pipeline_slug}/builds/${b.build_number}/jobs/${b.job_id}/artifacts/${b.artifact_id}`,
    );
    expect((artifact.body as { id: string }).id).toBe(expected.calls.buildkite.get);
  });

  it("serves Buildkite under /v2, wants its token, and redirects the download to its storage origin", async () => {
    if (!twins) throw new Error("no twins");
    expect(twins.buildkite.url).toBe(`${twins.buildkite.origin}/v2`);
    const { org_slug, pipeline_slug, build_number, job_id, artifact_id } = download;
    const path = `/organizations/${org_slug}/pipelines/${pipeline_slug}/builds/${build_number}/jobs/${job_id}/artifacts/${artifact_id}/download`;
    expect((await get(`${twins.buildkite.url}${path}`, "not-the-token")).status).toBe(401);
    const answer = await get(`${twins.buildkite.url}${path}`);
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")?.startsWith(`${twins.buildkite.storageOrigin}/`)).toBe(true);
    expect(downloadable(twins, download).artifact).toMatchObject({ id: artifact_id, job_id, state: "finished" });
  });

  it("refuses a download example whose artifact the seed does not hold, naming the guide's line", async () => {
    const missing = { ...download, artifact_id: "00000000-0000-4000-8000-000000000000" };
    const { org_slug, pipeline_slug, build_number, job_id } = download;
    await expect(startTwins(missing)).rejects.toThrow(
      `${download.file}:${download.line}: the download asks for artifact 00000000-0000-4000-8000-000000000000 of job ${job_id} in build ${org_slug}/${pipeline_slug}/${build_number}, which the Buildkite twin's seed does not hold`,
    );
  });
});
