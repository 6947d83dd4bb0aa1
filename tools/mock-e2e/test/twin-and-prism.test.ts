/**
 * The twin and Stoplight Prism, two independent readings of the same descriptions, asked the same
 * requests: each must accept what the description allows and refuse what it does not. Where they
 * part ways by design, the row says so (`prism` differs from `twin`) and why.
 */
import { createRequire } from "node:module";
import { startTwin, type Twin, type TwinApi } from "@ci-artifacts/mock";
import { type Prism, startPrism } from "@ci-artifacts/test-support/prism";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const prisms = new Map<TwinApi, Prism>();

beforeAll(async () => {
  const started = await Promise.all(
    (["buddy", "buildkite"] as const).map(
      async (api) => [api, await startPrism(require.resolve(`@ci-artifacts/openapi/${api}.json`))] as const,
    ),
  );
  for (const [api, prism] of started) prisms.set(api, prism);
});
afterAll(async () => {
  await Promise.all([...prisms.values()].map((prism) => prism.close()));
});

type Verdict = "accepted" | "refused";

interface Row {
  name: string;
  given: {
    api: TwinApi;
    method?: string;
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
    token?: "none";
  };
  want: { twin: Verdict; prism?: Verdict; why?: string };
}

const BUILD = "/organizations/my-great-org/pipelines/my-pipeline/builds/1";
const ONE = `${BUILD}/jobs/aae578fe-994c-44e6-84da-4102616928ba/artifacts/76365070-34d5-4104-8b91-952780f8029f`;
const LIST = "/workspaces/my-company/artifacts";
const accepted = { twin: "accepted" } as const;
const refused = { twin: "refused" } as const;

const rows: Row[] = [
  { name: "buildkite list", given: { api: "buildkite", path: `${BUILD}/artifacts` }, want: accepted },
  {
    name: "buildkite list, every filter",
    given: { api: "buildkite", path: `${BUILD}/artifacts?page=2&per_page=100&state=finished&path=logs/*` },
    want: accepted,
  },
  {
    name: "buildkite list, per_page 101",
    given: { api: "buildkite", path: `${BUILD}/artifacts?per_page=101` },
    want: refused,
  },
  {
    name: "buildkite list, per_page 0",
    given: { api: "buildkite", path: `${BUILD}/artifacts?per_page=0` },
    want: refused,
  },
  { name: "buildkite list, page abc", given: { api: "buildkite", path: `${BUILD}/artifacts?page=abc` }, want: refused },
  {
    name: "buildkite list, an unknown state",
    given: { api: "buildkite", path: `${BUILD}/artifacts?state=done` },
    want: refused,
  },
  {
    name: "buildkite list, build 0",
    given: { api: "buildkite", path: "/organizations/my-great-org/pipelines/my-pipeline/builds/0/artifacts" },
    want: refused,
  },
  {
    name: "buildkite job list, a job id that is not a UUID",
    given: { api: "buildkite", path: `${BUILD}/jobs/42/artifacts` },
    want: refused,
  },
  { name: "buildkite get", given: { api: "buildkite", path: ONE }, want: accepted },
  {
    name: "buildkite get, an artifact id that is not a UUID",
    given: { api: "buildkite", path: `${BUILD}/jobs/aae578fe-994c-44e6-84da-4102616928ba/artifacts/art-1` },
    want: refused,
  },
  { name: "buildkite get, no token", given: { api: "buildkite", path: ONE, token: "none" }, want: refused },
  {
    name: "buildkite get, basic auth",
    given: { api: "buildkite", path: ONE, token: "none", headers: { authorization: "Basic dXNlcjpwYXNz" } },
    want: refused,
  },
  { name: "buildkite download", given: { api: "buildkite", path: `${ONE}/download` }, want: accepted },
  { name: "buildkite delete", given: { api: "buildkite", method: "DELETE", path: ONE }, want: accepted },
  { name: "buddy list", given: { api: "buddy", path: LIST }, want: accepted },
  {
    name: "buddy list, filtered",
    given: { api: "buddy", path: `${LIST}?project_name=my-project&environment_id=nZrnl40Y` },
    want: accepted,
  },
  {
    name: "buddy create",
    given: { api: "buddy", method: "POST", path: LIST, body: { name: "site", type: "BUCKET", scope: "WORKSPACE" } },
    want: accepted,
  },
  {
    name: "buddy create, BASIC with a password",
    given: {
      api: "buddy",
      method: "POST",
      path: LIST,
      body: {
        name: "s",
        type: "BUCKET",
        scope: "PROJECT",
        project: { name: "p" },
        authorization: { type: "BASIC", user: "u", password: "p" },
      },
    },
    want: accepted,
  },
  {
    name: "buddy create, a type no enum lists",
    given: { api: "buddy", method: "POST", path: LIST, body: { name: "site", type: "FILES", scope: "WORKSPACE" } },
    want: refused,
  },
  {
    name: "buddy create, scope left out",
    given: { api: "buddy", method: "POST", path: LIST, body: { name: "site", type: "BUCKET" } },
    want: refused,
  },
  {
    name: "buddy create, BASIC without its password",
    given: {
      api: "buddy",
      method: "POST",
      path: LIST,
      body: { name: "s", type: "BUCKET", scope: "WORKSPACE", authorization: { type: "BASIC", user: "u" } },
    },
    want: refused,
  },
  {
    name: "buddy create, a body that is not JSON",
    given: { api: "buddy", method: "POST", path: LIST, body: "{name" },
    want: refused,
  },
  {
    name: "buddy create, sent as text",
    given: { api: "buddy", method: "POST", path: LIST, body: "name", headers: { "content-type": "text/plain" } },
    want: refused,
  },
  {
    name: "buddy create, carrying the server's id",
    given: {
      api: "buddy",
      method: "POST",
      path: LIST,
      body: { id: "abc", name: "site", type: "BUCKET", scope: "WORKSPACE" },
    },
    want: {
      twin: "refused",
      prism: "accepted",
      why: "the twin reads requests as the contract kit does, closed to undeclared properties; Prism lets an object schema that does not close itself take any",
    },
  },
  { name: "buddy get", given: { api: "buddy", path: `${LIST}/x5169jL2` }, want: accepted },
  {
    name: "buddy update",
    given: { api: "buddy", method: "PATCH", path: `${LIST}/x5169jL2`, body: { name: "renamed" } },
    want: accepted,
  },
  {
    name: "buddy update, an access level no enum lists",
    given: { api: "buddy", method: "PATCH", path: `${LIST}/x5169jL2`, body: { pipelines_access_level: "ALL" } },
    want: refused,
  },
  { name: "buddy delete", given: { api: "buddy", method: "DELETE", path: `${LIST}/x5169jL2` }, want: accepted },
  {
    name: "buddy delete, no token",
    given: { api: "buddy", method: "DELETE", path: `${LIST}/x5169jL2`, token: "none" },
    want: refused,
  },
];

/** What a server made of the request: refused (4xx, or Prism's violations of error severity) or accepted. */
async function verdict(
  base: string,
  token: string,
  given: Row["given"],
): Promise<{ verdict: Verdict; status: number; said: string }> {
  const headers = new Headers(given.headers);
  if (given.token !== "none") headers.set("authorization", `Bearer ${token}`);
  let body: string | undefined;
  if (given.body !== undefined) {
    body = typeof given.body === "string" ? given.body : JSON.stringify(given.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const response = await fetch(`${base}${given.path}`, {
    method: given.method ?? "GET",
    headers,
    body,
    redirect: "manual",
  });
  const said = await response.text();
  const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as { severity: string }[];
  const refusedHere =
    (response.status >= 400 && response.status < 500) || violations.some((v) => v.severity === "Error");
  return { verdict: refusedHere ? "refused" : "accepted", status: response.status, said: said.slice(0, 300) };
}

describe("the twin and Prism accept and refuse the same requests", () => {
  it.each(rows)("$name", async ({ given, want }) => {
    // A twin per row, so what one row deletes or creates is not another's starting point.
    const twin: Twin = await startTwin(given.api, { rateLimit: false });
    try {
      const ours = await verdict(twin.url, twin.token, given);
      const prism = await verdict((prisms.get(given.api) as Prism).url, "prism-token", given);
      expect(
        { twin: ours.verdict, prism: prism.verdict },
        `twin ${ours.status} ${ours.said}\nprism ${prism.status} ${prism.said}`,
      ).toEqual({
        twin: want.twin,
        prism: want.prism ?? want.twin,
      });
    } finally {
      await twin.close();
    }
  });
});
