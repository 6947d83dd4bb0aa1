// The Buddy twin, over HTTP on 127.0.0.1: a create that every other operation then sees, updates,
// filters, the short form of lists, and what the description refuses.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDocument } from "../src/document/load.js";
import { propertiesOf, schemaPath } from "../src/document/schema.js";
import { startTwin, type Twin } from "../src/index.js";
import { call, contractErrors } from "./support.js";

let twin: Twin<"buddy">;
const list = "/workspaces/my-company/artifacts";

beforeAll(async () => {
  twin = await startTwin("buddy", { artifacts: 30 });
});
afterAll(() => twin.close());

describe("the seeded data", () => {
  it("is one workspace named by the parameter example, its first artifact the description's example answer", () => {
    const workspace = twin.seed.workspaces[0]!;
    expect(workspace.workspace).toBe("my-company");
    expect(workspace.artifacts).toHaveLength(30);
    expect(workspace.artifacts[0]).toMatchObject({
      id: "x5169jL2",
      name: "Shared Library Artifact",
      identifier: "shared-lib",
    });
  });

  it("keeps to the contract, artifact by artifact", async () => {
    for (const artifact of twin.seed.workspaces[0]!.artifacts) {
      const answer = await call(twin, String(artifact.url));
      expect(answer.status).toBe(200);
      expect(contractErrors("buddy", "getArtifact", answer)).toEqual([]);
      expect(answer.body).toEqual(artifact);
    }
  });
});

describe("lists", () => {
  it("answer the short form the list's item schema declares, with the list's own URLs", async () => {
    const answer = await call(twin, list);
    expect(contractErrors("buddy", "listArtifacts", answer)).toEqual([]);
    const doc = loadDocument("buddy");
    const keys = propertiesOf(doc, schemaPath(doc, doc.contract.bodySchema("listArtifacts", "200"), "artifacts", "[]"));
    const body = answer.body as { url: string; artifacts: Record<string, unknown>[] };
    expect(body.url).toBe(`${twin.url}${list}`);
    expect(Object.keys(body.artifacts[0]!).sort()).toEqual([...keys].sort());
    expect(body.artifacts.map((a) => a.id)).toEqual(twin.seed.workspaces[0]!.artifacts.map((a) => a.id));
  });

  it.each([
    {
      name: "project_name",
      given: "project_name=my-project",
      want: (a: Record<string, unknown>) => (a.project as { name?: string } | undefined)?.name === "my-project",
    },
    {
      name: "environment_id",
      given: "environment_id=nZrnl40Y",
      want: (a: Record<string, unknown>) => (a.environment as { id?: string } | undefined)?.id === "nZrnl40Y",
    },
  ])("filter by $name", async ({ given, want }) => {
    const answer = await call(twin, `${list}?${given}`);
    const expected = twin.seed.workspaces[0]!.artifacts.filter(want).map((a) => a.id);
    expect(expected.length).toBeGreaterThan(0);
    expect((answer.body as { artifacts: { id: string }[] }).artifacts.map((a) => a.id)).toEqual(expected);
  });
});

describe("a create", () => {
  it("makes an artifact that get, list, update and delete then see", async () => {
    const created = await call(twin, list, {
      method: "POST",
      json: {
        name: "Web Site",
        type: "BUCKET",
        scope: "PROJECT",
        project: { name: "website" },
        authorization: { type: "BASIC", user: "deploy", password: "hunter2-long" },
      },
    });
    expect(created.status).toBe(201);
    expect(contractErrors("buddy", "createArtifact", created)).toEqual([]);
    const artifact = created.body as Record<string, unknown>;
    expect(artifact).toMatchObject({
      name: "Web Site",
      identifier: "web-site",
      scope: "PROJECT",
      size: 0,
      authorization: { type: "BASIC", user: "deploy" },
      project: { name: "website", url: `${twin.url}/workspaces/my-company/projects/website` },
    });
    expect(created.text).not.toContain("hunter2-long");
    const url = String(artifact.url);

    const got = await call(twin, url);
    expect(got.body).toEqual(artifact);
    const listed = await call(twin, `${list}?project_name=website`);
    expect((listed.body as { artifacts: { id: string }[] }).artifacts.map((a) => a.id)).toEqual([artifact.id]);

    const updated = await call(twin, url, {
      method: "PATCH",
      json: { scope: "WORKSPACE", retention_rules: [{ type: "KEEP_BY_COUNT", value: 3 }] },
    });
    expect(updated.status).toBe(200);
    expect(contractErrors("buddy", "updateArtifact", updated)).toEqual([]);
    expect(updated.body).toMatchObject({
      scope: "WORKSPACE",
      name: "Web Site",
      retention_rules: [{ id: expect.any(Number), type: "KEEP_BY_COUNT", value: 3 }],
    });
    expect((await call(twin, url)).body).toEqual(updated.body);
    expect(JSON.stringify(twin.data())).not.toContain("hunter2-long");

    const deleted = await call(twin, url, { method: "DELETE" });
    expect({ status: deleted.status, body: deleted.body }).toEqual({ status: 204, body: undefined });
    expect((await call(twin, url)).body).toEqual({ errors: [{ message: "Artifact not found" }] });
    const after = await call(twin, list);
    expect((after.body as { artifacts: { id: string }[] }).artifacts.map((a) => a.id)).not.toContain(artifact.id);
  });
});

describe("requests the twin refuses", () => {
  const one = `${list}/x5169jL2`;
  it.each([
    {
      name: "a field only the server sets",
      given: { path: list, method: "POST", json: { id: "abc", name: "site", type: "BUCKET", scope: "WORKSPACE" } },
      want: {
        status: 422,
        body: { errors: [{ message: 'body /id: is not a property the schema declares (found "abc")' }] },
      },
    },
    {
      name: "a type no enum lists",
      given: { path: list, method: "POST", json: { name: "site", type: "FILES", scope: "WORKSPACE" } },
      want: {
        status: 422,
        body: {
          errors: [{ message: 'body /type: must be one of "CONTAINER", "BUCKET", "NPM", "COMPOSER" (found "FILES")' }],
        },
      },
    },
    {
      name: "a required field left out",
      given: { path: list, method: "POST", json: { name: "site", type: "BUCKET" } },
      want: { status: 422, body: { errors: [{ message: "body /scope: is required but missing" }] } },
    },
    {
      name: "a PROJECT scope without its project",
      given: { path: list, method: "POST", json: { name: "lonely", type: "BUCKET", scope: "PROJECT" } },
      want: { status: 422, body: { errors: [{ message: "body /project: is required when scope is PROJECT" }] } },
    },
    {
      name: "an identifier already used",
      given: {
        path: list,
        method: "POST",
        json: { name: "x", identifier: "shared-lib", type: "BUCKET", scope: "WORKSPACE" },
      },
      want: {
        status: 422,
        body: { errors: [{ message: 'body /identifier: is already used by artifact x5169jL2 (found "shared-lib")' }] },
      },
    },
    {
      name: "a scope lowered",
      given: { path: one, method: "PATCH", json: { scope: "PROJECT", project: { name: "my-project" } } },
      want: {
        status: 422,
        body: {
          errors: [{ message: 'body /scope: can only be raised: from WORKSPACE to nothing wider (found "PROJECT")' }],
        },
      },
    },
    {
      name: "a body that is not JSON",
      given: { path: list, method: "POST", body: "{name", headers: { "content-type": "application/json" } },
      want: {
        status: 400,
        body: { errors: [{ message: expect.stringMatching(/^body \(the body itself\): is not valid JSON/) }] },
      },
    },
    {
      name: "a body that is not sent as JSON",
      given: {
        path: list,
        method: "POST",
        body: "name=site",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
      want: {
        status: 415,
        body: {
          errors: [
            {
              message:
                'body (the body itself): must be sent as Content-Type: application/json (found "application/x-www-form-urlencoded")',
            },
          ],
        },
      },
    },
    {
      name: "a BASIC password of the wrong type, not echoed",
      given: {
        path: list,
        method: "POST",
        json: {
          name: "p",
          type: "BUCKET",
          scope: "WORKSPACE",
          authorization: { type: "BASIC", user: "u", password: 12345678 },
        },
      },
      want: {
        status: 422,
        body: { errors: [{ message: "body /authorization/password: must be string (found [redacted])" }] },
      },
    },
    {
      name: "an unknown workspace",
      given: { path: "/workspaces/nope/artifacts" },
      want: { status: 404, body: { errors: [{ message: "Workspace not found" }] } },
    },
    {
      name: "no token",
      given: { path: list, token: null },
      want: { status: 401, body: { errors: [{ message: "Unauthorized: no Authorization header" }] } },
    },
  ])("$name", async ({ given, want }) => {
    const { path, ...init } = given;
    const answer = await call(twin, path, init as RequestInit & { json?: unknown; token?: string | null });
    expect({ status: answer.status, body: answer.body }).toEqual(want);
  });
});
