import { createBuddyClient } from "@ci-artifacts/client/buddy";
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { describe, expect, it } from "vitest";
import { double, json, type Step, text } from "./support/double.js";

const TOKEN = "a-token-for-shaping";
const html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
const BK =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
const bkPath = { org_slug: "acme", pipeline_slug: "web", build_number: 1, job_id: "j", artifact_id: "a" };
const BUDDY = "/workspaces/{workspace}/artifacts/{artifact_id}";

async function errorOf(api: "buildkite" | "buddy", step: Step) {
  const { fetch } = double(step);
  if (api === "buildkite") {
    const client = createBuildkiteClient({ token: TOKEN, baseUrl: "https://api.example.test/v2", fetch });
    return (await client.GET(BK, { params: { path: bkPath } })).error;
  }
  const client = createBuddyClient({ token: TOKEN, baseUrl: "https://buddy.example.test/api", fetch });
  return (await client.GET(BUDDY, { params: { path: { workspace: "acme", artifact_id: "a" } } })).error;
}

describe("error bodies always in the vendor's shape", () => {
  it.each<{ name: string; given: { api: "buildkite" | "buddy"; step: Step }; want: unknown }>([
    {
      name: "Buildkite, empty body",
      given: { api: "buildkite", step: () => text(500, "", { "content-length": "0" }) },
      want: { message: "HTTP 500: the body was empty" },
    },
    {
      name: "Buildkite, HTML page",
      given: {
        api: "buildkite",
        step: () =>
          new Response(html, { status: 502, statusText: "Bad Gateway", headers: { "content-type": "text/html" } }),
      },
      want: { message: "HTTP 502 Bad Gateway: the body was not JSON (text/html)" },
    },
    {
      name: "Buildkite, JSON of another shape",
      given: { api: "buildkite", step: () => json(500, { oops: true }) },
      want: { message: "HTTP 500: the body was not in the vendor's error shape" },
    },
    {
      name: "Buildkite, its own 422",
      given: { api: "buildkite", step: () => json(422, { message: "Validation Failed", errors: ["x"] }) },
      want: { message: "Validation Failed", errors: ["x"] },
    },
    {
      name: "Buildkite, a body echoing the token: redacted",
      given: {
        api: "buildkite",
        step: () => json(401, { message: `token ${TOKEN} expired`, errors: [{ [TOKEN]: 1 }] }),
      },
      want: { message: "token [redacted] expired", errors: [{ "[redacted]": 1 }] },
    },
    {
      name: "Buddy, empty body",
      given: { api: "buddy", step: () => text(500) },
      want: { errors: [{ message: "HTTP 500: the body was empty" }] },
    },
    {
      name: "Buddy, HTML page",
      given: { api: "buddy", step: () => text(502, html, { "content-type": "text/html; charset=utf-8" }) },
      want: { errors: [{ message: "HTTP 502: the body was not JSON (text/html; charset=utf-8)" }] },
    },
    {
      name: "Buddy, the single-message form is kept",
      given: { api: "buddy", step: () => json(405, { error: "Method not allowed" }) },
      want: { error: "Method not allowed" },
    },
    {
      name: "Buddy, a redirect is an error, not followed",
      given: { api: "buddy", step: () => text(302, "", { location: "https://elsewhere.test/x" }) },
      want: { errors: [{ message: "HTTP 302: the body was empty" }] },
    },
  ])("$name", async ({ given, want }) => {
    expect(await errorOf(given.api, given.step)).toEqual(want);
  });
});
