// Type tests, checked by `tsc -p tsconfig.json` (pnpm test:types) against the built declarations.
// Every `@ts-expect-error` must stay an error: if the line compiles, tsc reports the unused directive.

import * as root from "@ci-artifacts/client";
import {
  type ApiError,
  type BuddyClient,
  type BuddyComponents,
  type BuddyError,
  type ClientError,
  createBuddyClient,
} from "@ci-artifacts/client/buddy";
import {
  type BuildkiteClient,
  type BuildkiteComponents,
  type BuildkiteError,
  type BuildkiteListItem,
  type BuildkiteListPath,
  createBuildkiteClient,
  isApiError,
  unwrap,
} from "@ci-artifacts/client/buildkite";
import { download, getDownloadUrl } from "@ci-artifacts/client/download";
import { events } from "@ci-artifacts/client/events";
import { downloadArtifact } from "@ci-artifacts/client/node";
import { collect, pages, paginate } from "@ci-artifacts/client/paginate";
import { retry } from "@ci-artifacts/client/retry";
import { expectTypeOf } from "vitest";

const LIST = "/workspaces/{workspace}/artifacts" as const;
const ONE = "/workspaces/{workspace}/artifacts/{artifact_id}" as const;
const BUILD_LIST = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts" as const;
const JOB_LIST =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts" as const;
const BK_ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}" as const;
const build = { org_slug: "acme", pipeline_slug: "web", build_number: 42 };

// Never called: only compiled.
export async function buddyTypes(buddy: BuddyClient) {
  const workspace = { workspace: "acme" };

  await buddy.POST(LIST, {
    params: { path: workspace },
    body: {
      name: "n",
      type: "BUCKET",
      scope: "WORKSPACE",
      authorization: { type: "BASIC", user: "ci", password: "p" },
    },
  });
  await buddy.POST(LIST, {
    params: { path: workspace },
    body: {
      name: "n",
      type: "BUCKET",
      scope: "WORKSPACE",
      // @ts-expect-error a BASIC authorization without its password does not compile
      authorization: { type: "BASIC", user: "ci" },
    },
  });
  await buddy.PATCH(ONE, {
    params: { path: { ...workspace, artifact_id: "a" } },
    // @ts-expect-error an update's BASIC authorization without its password does not compile either (B21)
    body: { authorization: { type: "BASIC", user: "ci" } },
  });
  await buddy.PATCH(ONE, {
    params: { path: { ...workspace, artifact_id: "a" } },
    body: { authorization: { type: "BASIC", user: "ci", password: "p" } },
  });
  await buddy.POST(LIST, {
    params: { path: workspace },
    // @ts-expect-error an unknown authorization type does not compile
    body: { name: "n", type: "BUCKET", scope: "WORKSPACE", authorization: { type: "TOKEN" } },
  });

  // Request bodies never ask for server-set fields such as the artifact's size;
  // a retention rule may be named by its id (register entry B17).
  await buddy.PATCH(ONE, {
    params: { path: { ...workspace, artifact_id: "a" } },
    body: { retention_rules: [{ id: 7, type: "KEEP_BY_COUNT", value: 5 }] },
  });
  type Create = BuddyComponents["schemas"]["CreateArtifactRequest"];
  type Update = BuddyComponents["schemas"]["UpdateArtifactRequest"];
  for (const field of ["id", "url", "html_url", "size", "created_date"] as const) {
    expectTypeOf<Create>().not.toHaveProperty(field);
    expectTypeOf<Update>().not.toHaveProperty(field);
  }

  const { data, error } = await buddy.GET(ONE, { params: { path: { ...workspace, artifact_id: "a" } } });
  if (data) {
    expectTypeOf(data.id).toEqualTypeOf<string>();
    expectTypeOf(data.url).toEqualTypeOf<string>();
    // Response types keep server-set fields: a retention rule's id is readable; an empty list may come as null (B20).
    expectTypeOf(data.retention_rules).toEqualTypeOf<
      | { id?: number; type?: "KEEP_ALL" | "KEEP_BY_COUNT" | "KEEP_BY_DATE"; value?: number; tag_filter?: string }[]
      | null
      | undefined
    >();
    const authorization = data.authorization;
    if (authorization?.type === "BASIC") {
      expectTypeOf(authorization.user).toEqualTypeOf<string>();
      expectTypeOf(authorization).not.toHaveProperty("password");
      // @ts-expect-error reading the password from a response does not compile: it is write-only
      void authorization.password;
    }
  } else {
    expectTypeOf(error).toEqualTypeOf<BuddyError>();
    expectTypeOf(error.errors).toEqualTypeOf<{ message: string }[] | undefined>();
  }

  const listed = await buddy.GET(LIST, {
    params: { path: workspace, query: { project_name: "p", environment_id: "e" } },
  });
  expectTypeOf(listed.data?.artifacts[0]?.name).toEqualTypeOf<string | undefined>();
  // @ts-expect-error the workspace path parameter is required
  await buddy.GET(LIST, { params: {} });
}

export async function buildkiteTypes(bk: BuildkiteClient) {
  // @ts-expect-error an unknown state filter does not compile
  await bk.GET(BUILD_LIST, { params: { path: build, query: { state: "bogus" } } });
  // @ts-expect-error not on paginate either
  paginate(bk, BUILD_LIST, { params: { path: build, query: { state: "bogus" } } });
  // @ts-expect-error build_number is an integer, not a string
  await bk.GET(BUILD_LIST, { params: { path: { ...build, build_number: "42" } } });

  for await (const artifact of paginate(bk, JOB_LIST, {
    params: { path: { ...build, job_id: "j" }, query: { state: "finished" } },
  })) {
    expectTypeOf(artifact.state).toEqualTypeOf<"new" | "error" | "finished" | "deleted" | "expired">();
    expectTypeOf(artifact.file_size).toEqualTypeOf<number>();
    // Deprecated, and a string in old artifacts (K06).
    expectTypeOf(artifact.glob_path).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(artifact.sha1sum).toEqualTypeOf<string>();
  }
  expectTypeOf<BuildkiteListPath>().toEqualTypeOf<typeof BUILD_LIST | typeof JOB_LIST>();
  expectTypeOf<BuildkiteListItem<typeof BUILD_LIST>>().toEqualTypeOf<BuildkiteListItem<typeof JOB_LIST>>();
  // @ts-expect-error paginate only takes list operations
  paginate(bk, BK_ONE, { params: { path: { ...build, job_id: "j", artifact_id: "a" } } });
  expectTypeOf(collect(bk, BUILD_LIST, { params: { path: build }, maxItems: 10 })).toEqualTypeOf<
    Promise<BuildkiteListItem<typeof BUILD_LIST>[]>
  >();
  for await (const page of pages(bk, BUILD_LIST, { params: { path: build } })) {
    expectTypeOf(page).toEqualTypeOf<BuildkiteListItem<typeof BUILD_LIST>[]>();
  }

  const page = await bk.GET(BUILD_LIST, { params: { path: build } });
  expectTypeOf(page.data).toEqualTypeOf<BuildkiteListItem<typeof BUILD_LIST>[] | undefined>();
  if (page.error) expectTypeOf(page.error.message).toEqualTypeOf<string>();

  const ids = { ...build, job_id: "j", artifact_id: "a" };
  expectTypeOf(getDownloadUrl(bk, ids)).toEqualTypeOf<Promise<string>>();
  expectTypeOf(download(bk, ids, { signal: AbortSignal.timeout(1000) })).toEqualTypeOf<Promise<Response>>();
  // @ts-expect-error the artifact id is required
  await getDownloadUrl(bk, { ...build, job_id: "j" });
  const [item] = await collect(bk, BUILD_LIST, { params: { path: build }, maxItems: 1 });
  if (item) {
    await getDownloadUrl(bk, item);
    await downloadArtifact(bk, item, { to: "app.tgz", onProgress: ({ received }) => received });
  }
  await downloadArtifact(bk, ids, { to: "app.tgz", verify: undefined, signal: undefined });

  // unwrap: the data, or a thrown ApiError that isApiError narrows by status.
  expectTypeOf(unwrap(await bk.GET(BK_ONE, { params: { path: ids } })).sha1sum).toEqualTypeOf<string>();
  const thrown: unknown = undefined;
  if (isApiError(thrown, 429)) {
    expectTypeOf(thrown.status).toEqualTypeOf<429>();
    expectTypeOf(thrown.body.reset).toEqualTypeOf<number>();
  }
  if (isApiError(thrown, 404)) {
    expectTypeOf(thrown.body).toEqualTypeOf<BuildkiteError>();
    // @ts-expect-error only a 429's body is sure to carry the rate limit
    expectTypeOf(thrown.body.reset).toEqualTypeOf<number>();
  }
  if (isApiError(thrown)) expectTypeOf(thrown.body.message).toEqualTypeOf<string>();
  expectTypeOf<BuildkiteComponents["schemas"]["RateLimitError"]>().toHaveProperty("scope");
  const deleted = await bk.DELETE(BK_ONE, { params: { path: ids } });
  expectTypeOf(deleted.data).toEqualTypeOf<undefined>();
}

export function optionTypes() {
  createBuddyClient({ token: "t", region: "eu" });
  createBuddyClient({ token: async () => "t", baseUrl: "https://buddy.example.com/api" });
  createBuildkiteClient({
    token: () => "t",
    plugins: [
      retry({ retries: 5, timeoutMs: 5000, maxRetryAfterMs: 120_000, deadlineMs: 60_000, onRetry: (e) => e.delayMs }),
      events((e) => e.rateLimit?.remaining),
    ],
  });
  createBuildkiteClient({ anonymous: true, userAgent: "bot/1", fetch: (request, init) => fetch(request, init) });
  // Every optional option takes undefined, as `process.env.X` is under exactOptionalPropertyTypes.
  createBuildkiteClient({ token: process.env.TOKEN, baseUrl: process.env.BASE_URL, userAgent: undefined });
  // @ts-expect-error there is no "ap" region
  createBuddyClient({ region: "ap" });
  // @ts-expect-error a token is a string or a function giving one
  createBuildkiteClient({ token: 42 });
  // @ts-expect-error retry settings belong to the retry plugin
  createBuildkiteClient({ token: "t", retry: { retries: 1 } });

  expectTypeOf<BuildkiteError>().toHaveProperty("message");
  expectTypeOf<ApiError>().toExtend<ClientError>();
  // The root module and the API modules export the same classes.
  expectTypeOf(root.ApiError).toEqualTypeOf<typeof import("@ci-artifacts/client/buildkite").ApiError>();
  expectTypeOf(root.createBuddyClient).toEqualTypeOf(createBuddyClient);
}
