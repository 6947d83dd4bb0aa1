// The local server answers each operation of both bundles with its named examples, and refuses
// what it does not serve.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "./support/answers.js";
import { type ApiServer, startApiServer, TOKEN } from "./support/server.js";

const bundleDir = dirname(fileURLToPath(import.meta.resolve("@ci-artifacts/openapi/buddy.json")));
const load = async (api: string) =>
  (await import(join(bundleDir, `${api}.json`), { with: { type: "json" } })).default as unknown;
const buddy = await load("buddy");
const buildkite = await load("buildkite");
const auth = { authorization: `Bearer ${TOKEN}` };

let servers: { buddy: ApiServer; buildkite: ApiServer };
beforeAll(async () => {
  servers = { buddy: await startApiServer(buddy), buildkite: await startApiServer(buildkite) };
});
afterAll(async () => {
  await servers.buddy.close();
  await servers.buildkite.close();
});

describe("startApiServer", () => {
  it.each([
    {
      name: "Buddy listArtifacts",
      given: { api: "buddy", method: "GET", path: "/workspaces/acme/artifacts" },
      want: { status: 200, ids: ["x5169jL2", "Qw3rTy7u"] },
    },
    {
      name: "Buddy getArtifact",
      given: { api: "buddy", method: "GET", path: "/workspaces/acme/artifacts/x5169jL2" },
      want: { status: 200, ids: ["x5169jL2"] },
    },
    {
      name: "Buddy deleteArtifact",
      given: { api: "buddy", method: "DELETE", path: "/workspaces/acme/artifacts/x5169jL2" },
      want: { status: 204, ids: [] },
    },
    {
      name: "Buildkite listBuildArtifacts",
      given: { api: "buildkite", method: "GET", path: "/organizations/o/pipelines/p/builds/1/artifacts" },
      want: { status: 200, ids: ["76365070-34d5-4104-8b91-952780f8029f", "89f4ce5c-6e1d-482c-9ca6-88c050291c77"] },
    },
    {
      name: "an unknown path",
      given: { api: "buddy", method: "GET", path: "/nothing" },
      want: { status: 404, ids: [] },
    },
    {
      name: "a method the path does not have",
      given: { api: "buildkite", method: "POST", path: "/organizations/o/pipelines/p/builds/1/artifacts" },
      want: { status: 405, ids: [] },
    },
  ] as const)("$name", async ({ given, want }) => {
    const response = await fetch(`${servers[given.api].url}${given.path}`, { method: given.method, headers: auth });
    expect(response.status).toBe(want.status);
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const items = Array.isArray(body)
      ? body
      : body && typeof body === "object" && "artifacts" in body
        ? body.artifacts
        : [body];
    const ids = (items as unknown[]).flatMap((item) =>
      item && typeof item === "object" && "id" in item ? [item.id] : [],
    );
    expect(ids).toEqual(want.ids);
  });

  it("answers 401 to a request without the token", async () => {
    const response = await fetch(`${servers.buddy.url}/workspaces/acme/artifacts`);
    expect(response.status).toBe(401);
  });

  it("redirects the download to its storage stand-in, and records who fetched it", async () => {
    const path = "/organizations/o/pipelines/p/builds/1/jobs/j/artifacts/a/download";
    const response = await fetch(`${servers.buildkite.url}${path}`, { headers: auth, redirect: "manual" });
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(new RegExp(`^${servers.buildkite.url}/__storage/buildkiteartifacts\\.com/artifacts/`));
    expect(await response.json()).toEqual({ url: location });
    expect(servers.buildkite.storageRequests).toEqual([]);
    await (await fetch(location, { headers: auth })).text();
    expect(servers.buildkite.storageRequests).toEqual([{ url: location, authorization: auth.authorization }]);
  });

  it("has an answer for every operation of both bundles", () => {
    const missing = [buddy, buildkite].flatMap((document) => routes(document).filter((r) => !r.answer.status));
    expect(missing).toEqual([]);
    expect(routes(buddy).map((r) => r.operation.name)).toHaveLength(5);
    expect(routes(buildkite).map((r) => r.operation.name)).toHaveLength(5);
  });
});
