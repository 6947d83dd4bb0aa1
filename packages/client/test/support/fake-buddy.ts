import type { ServerResponse } from "node:http";
import { type Recorded, sendJson, startServer, type TestServer } from "./http.js";

export const BUDDY_TOKEN = "test-token-for-buddy";
export const WORKSPACE = "acme";

export type Fault = (request: Recorded, response: ServerResponse, index: number) => boolean | Promise<boolean>;

export interface FakeBuddy {
  server: TestServer;
  /** The client's baseUrl (a self-hosted installation: origin + /api). */
  baseUrl: string;
  artifacts: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

/** A small Buddy.works artifact API on 127.0.0.1: the five operations, bearer auth, Buddy's error shape. */
export async function startFakeBuddy(options: { fault?: Fault } = {}): Promise<FakeBuddy> {
  const artifacts = new Map<string, Record<string, unknown>>();
  let next = 1;
  const server = await startServer(async (request, response, index) => {
    if (options.fault && (await options.fault(request, response, index))) return;
    route(request, response);
  });
  const baseUrl = `${server.origin}/api`;

  const view = (artifact: Record<string, unknown>) => {
    // Like Buddy, never send the password back.
    const { authorization, ...rest } = artifact;
    const { password: _password, ...publicAuthorization } = (authorization ?? { type: "NONE" }) as Record<
      string,
      unknown
    >;
    return { ...rest, authorization: publicAuthorization };
  };

  function route(request: Recorded, response: ServerResponse): void {
    if (request.headers.authorization !== `Bearer ${BUDDY_TOKEN}`) {
      sendJson(response, 401, { errors: [{ message: "Invalid or expired token" }] });
      return;
    }
    const url = new URL(request.url, server.origin);
    const collection = `/api/workspaces/${WORKSPACE}/artifacts`;
    const self = (id: string) => `${baseUrl}/workspaces/${WORKSPACE}/artifacts/${id}`;
    if (url.pathname === collection && request.method === "GET") {
      const project = url.searchParams.get("project_name");
      const listed = [...artifacts.values()]
        .filter((a) => project === null || (a.project as { name?: string } | undefined)?.name === project)
        .map((a) => ({
          url: a.url,
          html_url: a.html_url,
          id: a.id,
          type: a.type,
          name: a.name,
          identifier: a.identifier,
          scope: a.scope,
          size: a.size,
        }));
      sendJson(
        response,
        200,
        {
          url: `${baseUrl}/workspaces/${WORKSPACE}/artifacts`,
          html_url: `https://app.example/${WORKSPACE}/-/artifacts`,
          artifacts: listed,
        },
        {
          "x-rate-limit-limit": "1000",
          "x-rate-limit-remaining": "999",
        },
      );
      return;
    }
    if (url.pathname === collection && request.method === "POST") {
      const body = JSON.parse(request.body) as Record<string, unknown>;
      if (typeof body.name !== "string" || body.name === "") {
        sendJson(response, 422, { errors: [{ message: "Name is required" }] });
        return;
      }
      const id = `art${next++}`;
      const artifact = {
        ...body,
        url: self(id),
        html_url: `https://app.example/${WORKSPACE}/-/artifacts/${id}/versions`,
        id,
        identifier: body.identifier ?? String(body.name).toLowerCase().replace(/\W+/g, "-"),
        size: 0,
        created_date: "2026-01-22T09:15:00Z",
      };
      artifacts.set(id, artifact);
      sendJson(response, 201, view(artifact));
      return;
    }
    const match = new RegExp(`^${collection}/([^/]+)$`).exec(url.pathname);
    const artifact = match ? artifacts.get(decodeURIComponent(match[1] as string)) : undefined;
    if (!match || !artifact) {
      sendJson(response, 404, { errors: [{ message: "Artifact not found" }] });
      return;
    }
    if (request.method === "GET") {
      sendJson(response, 200, view(artifact));
      return;
    }
    if (request.method === "PATCH") {
      Object.assign(artifact, JSON.parse(request.body));
      sendJson(response, 200, view(artifact));
      return;
    }
    if (request.method === "DELETE") {
      artifacts.delete(artifact.id as string);
      response.writeHead(204).end();
      return;
    }
    sendJson(response, 405, { error: "Method not allowed" });
  }

  return { server, baseUrl, artifacts, close: () => server.close() };
}
