import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { download } from "@ci-artifacts/client/download";
import { retry } from "@ci-artifacts/client/retry";
import { describe, expect, it } from "vitest";
import { checkBaseUrl } from "../src/policy.js";
import { double, json, text } from "./support/double.js";
import { sendJson, startServer } from "./support/http.js";

const TOKEN = "a-token-for-the-policy";
const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
const params = { path: { org_slug: "acme", pipeline_slug: "web", build_number: 1, job_id: "j", artifact_id: "a" } };

describe("the token goes to the API's origin only, and never stays on openapi-fetch's Request", () => {
  it.each([
    { name: "the API's origin", given: {}, want: { authorization: `Bearer ${TOKEN}`, redirect: "manual" } },
    {
      name: "another origin named per call",
      given: { baseUrl: "https://elsewhere.test/v2" },
      want: { authorization: undefined, redirect: "manual" },
    },
    {
      name: "a caller's own redirect mode is theirs",
      given: { redirect: "follow" as const },
      want: { authorization: `Bearer ${TOKEN}`, redirect: "follow" },
    },
  ])("$name", async ({ given, want }) => {
    const seen: { redirect: string }[] = [];
    const { fetch, sent } = double((request) => {
      seen.push({ redirect: request.redirect });
      return json(200, { id: "a" });
    });
    const client = createBuildkiteClient({ token: TOKEN, baseUrl: "https://api.example.test/v2", fetch });
    const middleware: (string | null)[] = [];
    client.use({
      onRequest: ({ request }) => void middleware.push(request.headers.get("authorization")),
      onResponse: ({ request }) => void middleware.push(request.headers.get("authorization")),
    });
    await client.GET(ONE, { params, ...given });
    expect({ authorization: sent[0]?.headers.authorization, redirect: seen[0]?.redirect }).toEqual(want);
    expect(middleware).toEqual([null, null]);
  });

  it("a caller who follows redirects still does not hand the token to another origin (Fetch drops it)", async () => {
    const other = await startServer((_request, response) => sendJson(response, 200, { id: "a" }));
    const api = await startServer((request, response) => {
      response.writeHead(302, { location: `${other.origin}${request.url}` }).end();
    });
    try {
      const client = createBuildkiteClient({ token: TOKEN, baseUrl: `${api.origin}/v2` });
      const { data } = await client.GET(ONE, { params, redirect: "follow" });
      expect(data).toEqual({ id: "a" });
      expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
      expect(other.requests.map((r) => r.headers.authorization)).toEqual([undefined]);
    } finally {
      await Promise.all([api.close(), other.close()]);
    }
  });

  it("a download's file on the API's own origin is fetched without it: the token is not even asked for", async () => {
    const file = "https://api.example.test/files/a.tgz?X-Amz-Signature=s";
    const { fetch, sent } = double(text(302, "", { location: file }), text(200, "the file"));
    let asked = 0;
    const token = () => {
      asked++;
      return TOKEN;
    };
    const client = createBuildkiteClient({ token, baseUrl: "https://api.example.test/v2", fetch });
    const response = await download(client, params.path);
    expect(await response.text()).toBe("the file");
    expect(asked, "token function calls").toBe(1);
    expect(sent.map((r) => [r.url, r.headers.authorization])).toEqual([
      [
        "https://api.example.test/v2/organizations/acme/pipelines/web/builds/1/jobs/j/artifacts/a/download",
        `Bearer ${TOKEN}`,
      ],
      [file, undefined],
    ]);
  });

  it("anonymous: true sends no Authorization", async () => {
    const { fetch, sent } = double(json(200, { id: "a" }));
    const client = createBuildkiteClient({
      anonymous: true,
      token: undefined,
      baseUrl: "https://api.example.test/v2",
      fetch,
    });
    await client.GET(ONE, { params });
    expect(sent[0]?.headers.authorization).toBeUndefined();
  });
});

describe("middleware that moves a request to another origin: the token stays behind", () => {
  it.each([
    { name: "another host", given: "https://elsewhere.test" },
    { name: "a host that starts like the API's", given: "https://api.example.test.elsewhere.test" },
    { name: "another port", given: "https://api.example.test:8443" },
    { name: "another scheme", given: "http://api.example.test" },
  ])("$name", async ({ given }) => {
    const { fetch, sent } = double(json(200, { id: "a" }));
    const client = createBuildkiteClient({ token: TOKEN, baseUrl: "https://api.example.test/v2", fetch });
    client.use({
      onRequest: ({ request }) => new Request(request.url.replace("https://api.example.test", given), request),
    });
    await client.GET(ONE, { params });
    expect(sent.map((r) => ({ url: r.url, authorization: r.headers.authorization }))).toEqual([
      { url: `${given}/v2/organizations/acme/pipelines/web/builds/1/jobs/j/artifacts/a`, authorization: undefined },
    ]);
  });

  it("the other origin never receives it, on a retry either; requests left on the API's origin still carry it", async () => {
    const other = await startServer((_request, response, index) =>
      index === 0
        ? void response.writeHead(503, { "content-length": "0" }).end()
        : sendJson(response, 200, { id: "moved" }),
    );
    const api = await startServer((_request, response) => sendJson(response, 200, { id: "a" }));
    try {
      const client = createBuildkiteClient({
        token: TOKEN,
        baseUrl: `${api.origin}/v2`,
        plugins: [retry({ baseDelayMs: 1 })],
      });
      client.use({
        onRequest: ({ request }) =>
          request.url.endsWith("/artifacts/moved")
            ? new Request(request.url.replace(api.origin, other.origin), request)
            : undefined,
      });
      const moved = await client.GET(ONE, { params: { path: { ...params.path, artifact_id: "moved" } } });
      const stayed = await client.GET(ONE, { params });
      expect({ moved: moved.data, stayed: stayed.data }).toEqual({ moved: { id: "moved" }, stayed: { id: "a" } });
      expect(other.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
      expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
    } finally {
      await Promise.all([api.close(), other.close()]);
    }
  });
});

describe("checkBaseUrl", () => {
  it.each([
    { name: "a trailing slash", given: "https://api.example.test/v2/", want: "https://api.example.test/v2" },
    { name: "a self-hosted root", given: "http://127.0.0.1:8080/api", want: "http://127.0.0.1:8080/api" },
    { name: "several trailing slashes", given: "https://api.example.test/v2///", want: "https://api.example.test/v2" },
  ])("keeps $name out", ({ given, want }) => {
    expect(checkBaseUrl(given)).toBe(want);
  });

  it.each([
    { name: "a relative URL", given: "/api" },
    { name: "another protocol", given: "ftp://x.test/" },
    { name: "a protocol that only ends like http's", given: "xhttp://x.test/" },
    { name: "credentials, without quoting them", given: "https://u:secret@x.test/api" },
    { name: "a query", given: "https://x.test/api?token=1" },
    { name: "a fragment", given: "https://x.test/api#top" },
  ])("refuses $name", ({ given }) => {
    expect(() => checkBaseUrl(given)).toThrow(
      /^baseUrl must be an absolute http\(s\) URL without credentials, a query or a fragment$/,
    );
  });
});
