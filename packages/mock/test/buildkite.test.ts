// The Buildkite twin, over HTTP on 127.0.0.1: data, pagination, filters, downloads, deletes,
// validation and authorization, each answer held to the contract as well.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type BuildkiteData, startTwin, type Twin } from "../src/index.js";
import { call, contractErrors, sha1 } from "./support.js";

let twin: Twin<"buildkite">;
let build: BuildkiteData["builds"][number];
const root = "/organizations/my-great-org/pipelines/my-pipeline/builds/1";
const JOB = "aae578fe-994c-44e6-84da-4102616928ba";
const ID = "76365070-34d5-4104-8b91-952780f8029f";

beforeAll(async () => {
  twin = await startTwin("buildkite", { artifacts: 250, tokens: { "read-only": ["read_artifacts"] } });
  build = twin.seed.builds[0]!;
});
afterAll(() => twin.close());
afterEach(() => {
  vi.useRealTimers();
});

describe("the seeded data", () => {
  it("is one build named by the list's parameter examples, its first artifacts the description's examples", () => {
    expect({ org: build.org_slug, pipeline: build.pipeline_slug, number: build.build_number }).toEqual({
      org: "my-great-org",
      pipeline: "my-pipeline",
      number: 1,
    });
    expect(build.artifacts).toHaveLength(250);
    expect(build.artifacts.slice(0, 2).map((a) => [a.id, a.job_id, a.path])).toEqual([
      [ID, JOB, "dist/app.tar.gz"],
      [
        "89f4ce5c-6e1d-482c-9ca6-88c050291c77",
        "ea3cfae9-a565-4353-8a5e-16436c164e43",
        "tmp/screenshots/155b0d82-4d8e-4b07-9fea-49b58c1c6f1b.png",
      ],
    ]);
  });

  it("is the same for the same seed and differs for another", async () => {
    const again = await startTwin("buildkite", { artifacts: 250, rateLimit: false });
    const other = await startTwin("buildkite", { artifacts: 250, seed: 2, rateLimit: false });
    const strip = (data: BuildkiteData) =>
      data.builds.flatMap((b) => b.artifacts.map(({ url: _u, download_url: _d, ...rest }) => rest));
    try {
      expect(strip(again.seed)).toEqual(strip(twin.seed));
      expect(strip(other.seed)).not.toEqual(strip(twin.seed));
      expect(strip(other.seed).slice(0, 2)).toEqual(strip(twin.seed).slice(0, 2));
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });

  it("spreads the artifacts over jobs of at most 50, each state but deleted drawn", () => {
    const perJob = new Map<unknown, number>();
    for (const a of build.artifacts) perJob.set(a.job_id, (perJob.get(a.job_id) ?? 0) + 1);
    expect(Math.max(...perJob.values())).toBeLessThanOrEqual(125);
    expect(perJob.size).toBeGreaterThanOrEqual(5);
    expect(new Set(build.artifacts.map((a) => a.state))).toEqual(new Set(["finished", "new", "error", "expired"]));
  });
});

describe("lists", () => {
  it("pages over the data with Link headers on the twin's own origin, for the path asked", async () => {
    const pages: unknown[][] = [];
    const links: (string | null)[] = [];
    let next: string | undefined = `${root}/artifacts?per_page=100`;
    while (next) {
      const answer = await call(twin, next);
      expect(answer.status).toBe(200);
      expect(contractErrors("buildkite", "listBuildArtifacts", answer)).toEqual([]);
      pages.push(answer.body as unknown[]);
      const link = answer.headers.get("link");
      links.push(link);
      next = /<([^>]+)>; rel="next"/.exec(link ?? "")?.[1];
      if (next) expect(new URL(next).origin).toBe(twin.origin);
    }
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pages.flat().map((a) => (a as { id: string }).id)).toEqual(build.artifacts.map((a) => a.id));
    expect(links[0]).toBe(
      `<${twin.url}${root}/artifacts?per_page=100&page=2>; rel="next", <${twin.url}${root}/artifacts?per_page=100&page=3>; rel="last"`,
    );
    expect(links[2]).toBe(
      `<${twin.url}${root}/artifacts?per_page=100&page=1>; rel="first", <${twin.url}${root}/artifacts?per_page=100&page=2>; rel="prev"`,
    );
  });

  it.each([
    { name: "default per_page is the parameter's default, 30", given: "", want: { count: 30, link: true } },
    { name: "everything on one page: no Link", given: "?per_page=100&state=error", want: { count: -1, link: false } },
    { name: "a page past the end is empty", given: "?page=9&per_page=100", want: { count: 0, link: true } },
  ])("$name", async ({ given, want }) => {
    const answer = await call(twin, `${root}/artifacts${given}`);
    const items = answer.body as { state: string }[];
    if (want.count >= 0) expect(items).toHaveLength(want.count);
    else expect(items.length).toBe(build.artifacts.filter((a) => a.state === "error").length);
    expect(answer.headers.has("link")).toBe(want.link);
  });

  it("a job's list links to the job's path, not the build's", async () => {
    const job = String(build.artifacts[0]!.job_id);
    const answer = await call(twin, `${root}/jobs/${job}/artifacts?per_page=10`);
    const items = answer.body as { job_id: string }[];
    expect(items.every((a) => a.job_id === job)).toBe(true);
    expect(answer.headers.get("link")).toContain(
      `<${twin.url}${root}/jobs/${job}/artifacts?per_page=10&page=2>; rel="next"`,
    );
    expect(contractErrors("buildkite", "listJobArtifacts", answer)).toEqual([]);
  });

  it.each([
    { name: "state", given: "state=new", want: (a: Record<string, unknown>) => a.state === "new" },
    {
      name: "an exact path",
      given: "path=dist/app.tar.gz",
      want: (a: Record<string, unknown>) => a.path === "dist/app.tar.gz",
    },
    {
      name: "a glob",
      given: "path=logs/*.log",
      want: (a: Record<string, unknown>) => /^logs\/.*\.log$/.test(String(a.path)),
    },
    {
      name: "both",
      given: "state=finished&path=*.png",
      want: (a: Record<string, unknown>) => a.state === "finished" && String(a.path).endsWith(".png"),
    },
  ])("filters by $name", async ({ given, want }) => {
    const answer = await call(twin, `${root}/artifacts?per_page=100&${given}`);
    const expected = build.artifacts.filter(want).map((a) => a.id);
    expect(expected.length).toBeGreaterThan(0);
    expect((answer.body as { id: string }[]).map((a) => a.id)).toEqual(expected.slice(0, 100));
  });
});

describe("downloads", () => {
  const finished = () => build.artifacts.find((a) => a.state === "finished" && a.id !== ID)!;

  it("answer 302 to a presigned URL on the file server, whose bytes and ETag match file_size and sha1sum", async () => {
    const artifact = finished();
    const answer = await call(twin, String(artifact.download_url));
    expect(answer.status).toBe(302);
    expect(contractErrors("buildkite", "downloadArtifact", answer)).toEqual([]);
    const location = answer.headers.get("location")!;
    expect((answer.body as { url: string }).url).toBe(location);
    expect(new URL(location).origin).toBe(twin.storageOrigin);
    expect(twin.storageOrigin).not.toBe(twin.origin);
    const file = await fetch(location);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect({
      status: file.status,
      size: bytes.byteLength,
      sha1: sha1(bytes),
      type: file.headers.get("content-type"),
      etag: file.headers.get("etag"),
    }).toEqual({
      status: 200,
      size: artifact.file_size,
      sha1: artifact.sha1sum,
      type: artifact.mime_type,
      etag: `"${artifact.sha1sum}"`,
    });
    // Served again: the same bytes and the same ETag.
    const again = await fetch(location);
    expect({ sha1: sha1(new Uint8Array(await again.arrayBuffer())), etag: again.headers.get("etag") }).toEqual({
      sha1: artifact.sha1sum,
      etag: `"${artifact.sha1sum}"`,
    });
  });

  it.each([
    {
      name: "expired (61 s later)",
      given: (url: string) => url,
      after: 61_000,
      want: { status: 403, code: "AccessDenied" },
    },
    {
      name: "still valid (59 s later)",
      given: (url: string) => url,
      after: 59_000,
      want: { status: 200, code: undefined },
    },
    {
      name: "altered",
      given: (url: string) => url.replace("X-Amz-Expires=60", "X-Amz-Expires=6000"),
      after: 0,
      want: { status: 403, code: "SignatureDoesNotMatch" },
    },
    {
      name: "unsigned",
      given: (url: string) => url.split("?")[0]!,
      after: 0,
      want: { status: 400, code: "AuthorizationQueryParametersError" },
    },
  ])("refuse a URL $name with S3's error", async ({ given, after, want }) => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2026, 5, 1, 12, 0, 0) });
    const answer = await call(twin, String(finished().download_url));
    vi.setSystemTime(Date.UTC(2026, 5, 1, 12, 0, 0) + after);
    const file = await fetch(given(answer.headers.get("location")!));
    const text = await file.text();
    expect({ status: file.status, code: /<Code>(\w+)<\/Code>/.exec(text)?.[1] }).toEqual(want);
  });

  it("have no file for an artifact never uploaded", async () => {
    const artifact = build.artifacts.find((a) => a.state === "new")!;
    const answer = await call(twin, String(artifact.download_url));
    const file = await fetch(answer.headers.get("location")!);
    expect({ status: file.status, body: await file.text() }).toMatchObject({
      status: 404,
      body: expect.stringContaining("NoSuchKey"),
    });
  });
});

describe("delete", () => {
  it("answers 204, and the artifact is gone from lists, gets and downloads", async () => {
    const artifact = build.artifacts[7]!;
    const before = await call(twin, String(artifact.download_url));
    const answer = await call(twin, String(artifact.url), { method: "DELETE" });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 204, body: undefined });
    expect(contractErrors("buildkite", "deleteArtifact", answer)).toEqual([]);
    const again = await call(twin, String(artifact.url));
    expect({ status: again.status, body: again.body }).toEqual({ status: 404, body: { message: "No artifact found" } });
    const list = await call(twin, `${root}/artifacts?per_page=100`);
    expect((list.body as { id: string }[]).map((a) => a.id)).not.toContain(artifact.id);
    expect(twin.data().builds[0]!.artifacts).toHaveLength(249);
    const file = await fetch(before.headers.get("location")!);
    expect(file.status).toBe(404);
  });
});

describe("requests the description refuses", () => {
  const one = `${root}/jobs/${JOB}/artifacts/${ID}`;
  it.each([
    {
      name: "per_page above its maximum",
      given: { path: `${root}/artifacts?per_page=500` },
      want: {
        status: 422,
        body: {
          message: "Validation Failed",
          errors: [
            { field: "per_page", code: "invalid", message: "query parameter per_page: must be <= 100 (found 500)" },
          ],
        },
      },
    },
    {
      name: "an unknown state",
      given: { path: `${root}/artifacts?state=done` },
      want: {
        status: 422,
        body: {
          message: "Validation Failed",
          errors: [
            {
              field: "state",
              code: "invalid",
              message:
                'query parameter state: must be one of "new", "error", "finished", "deleted", "expired" (found "done")',
            },
          ],
        },
      },
    },
    {
      name: "a page that is not a number",
      given: { path: `${root}/artifacts?page=two` },
      want: {
        status: 422,
        body: {
          message: "Validation Failed",
          errors: [{ field: "page", code: "invalid", message: 'query parameter page: must be integer (found "two")' }],
        },
      },
    },
    {
      name: "a job id that is not a UUID",
      given: { path: `${root}/jobs/42/artifacts/${ID}` },
      want: {
        status: 404,
        body: { message: 'Not Found: path parameter job_id: must match format "uuid" (found "42")' },
      },
    },
    {
      name: "a build number below 1",
      given: { path: "/organizations/a/pipelines/b/builds/0/artifacts" },
      want: { status: 404, body: { message: "Not Found: path parameter build_number: must be >= 1 (found 0)" } },
    },
    {
      name: "an unknown build",
      given: { path: "/organizations/a/pipelines/b/builds/3/artifacts" },
      want: { status: 404, body: { message: "No build found" } },
    },
    {
      name: "an unknown job",
      given: { path: `${root}/jobs/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}/artifacts` },
      want: { status: 404, body: { message: "No job found" } },
    },
    {
      name: "no path at all",
      given: { path: "/nowhere" },
      want: { status: 404, body: { message: "Not Found: no operation at GET /nowhere" } },
    },
    {
      name: "no token",
      given: { path: one, token: null },
      want: { status: 401, body: { message: "Unauthorized: no Authorization header" } },
    },
    {
      name: "another token",
      given: { path: one, token: "guess" },
      want: { status: 401, body: { message: "Unauthorized: the token is not one this twin accepts" } },
    },
    {
      name: "basic auth",
      given: { path: one, token: null, headers: { authorization: "Basic dXNlcjpwYXNz" } },
      want: { status: 401, body: { message: "Unauthorized: the Authorization header is not `Bearer <token>`" } },
    },
    {
      name: "a token without the write scope",
      given: { path: one, token: "read-only", method: "DELETE" },
      want: { status: 403, body: { message: "Forbidden: the token lacks the write_artifacts scope" } },
    },
  ])("$name", async ({ given, want }) => {
    const { path, ...init } = given;
    const answer = await call(twin, path, init);
    expect({ status: answer.status, body: answer.body }).toEqual(want);
  });

  it("never repeats the token it was sent", async () => {
    const answer = await call(twin, `${root}/artifacts?page=x`, { token: "a-secret-token-value" });
    expect(answer.text).not.toContain("a-secret-token-value");
  });
});

describe("Prefer", () => {
  it("answers a named example of the description, after the same checks", async () => {
    const answer = await call(twin, `${root}/artifacts`, { headers: { prefer: "example=build-artifacts" } });
    expect(answer.status).toBe(200);
    expect((answer.body as { id: string }[]).map((a) => a.id)).toEqual([ID, "89f4ce5c-6e1d-482c-9ca6-88c050291c77"]);
    const unknown = await call(twin, `${root}/artifacts`, { headers: { prefer: "example=nope" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ message: expect.stringContaining("200 build-artifacts") });
  });
});
