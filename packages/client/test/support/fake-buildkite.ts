import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { type Recorded, sendJson, startServer, type TestServer } from "./http.js";

export const TOKEN = "test-token-for-buildkite";
export const ORG = "acme";
export const PIPELINE = "web";
export const BUILD = 42;
export const JOBS = ["aae578fe-994c-44e6-84da-4102616928ba", "ea3cfae9-a565-4353-8a5e-16436c164e43"] as const;

export interface FakeArtifact {
  id: string;
  job_id: string;
  url: string;
  download_url: string;
  state: "new" | "error" | "finished" | "deleted" | "expired";
  path: string;
  dirname: string;
  filename: string;
  mime_type: string;
  file_size: number;
  sha1sum: string;
  glob_path: null;
  original_path: null;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** What the storage host serves for an artifact at `path`. */
export const contentsOf = (path: string) => `contents of ${path}\n`;

/** Deterministic artifacts: `count` of them, spread over the two jobs, every third one not finished; size and SHA-1 those of their contents. */
export function makeArtifacts(count: number, base: string): FakeArtifact[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`;
    const job = JOBS[i % 2] as string;
    const self = `${base}/organizations/${ORG}/pipelines/${PIPELINE}/builds/${BUILD}/jobs/${job}/artifacts/${id}`;
    const name = `file-${i}.txt`;
    return {
      id,
      job_id: job,
      url: self,
      download_url: `${self}/download`,
      state: i % 3 === 2 ? "new" : "finished",
      path: `dist/${name}`,
      dirname: "dist",
      filename: name,
      mime_type: "text/plain",
      file_size: Buffer.byteLength(contentsOf(`dist/${name}`)),
      sha1sum: createHash("sha1")
        .update(contentsOf(`dist/${name}`))
        .digest("hex"),
      glob_path: null,
      original_path: null,
    };
  });
}

/** A fault: handle the request (return true) instead of the fake API. */
export type Fault = (request: Recorded, response: ServerResponse, index: number) => boolean | Promise<boolean>;

export interface FakeBuildkite {
  server: TestServer;
  storage: TestServer;
  /** The client's baseUrl: origin + /v2, as Buildkite's. */
  baseUrl: string;
  artifacts: FakeArtifact[];
  /** File contents the storage host serves, by artifact id. */
  files: Map<string, string>;
  close(): Promise<void>;
}

const STATES = new Set(["new", "error", "finished", "deleted", "expired"]);

/**
 * A small Buildkite artifact API on 127.0.0.1 (the five operations, Link pagination, bearer auth)
 * and a second server standing for the storage host that the download redirects to.
 */
export async function startFakeBuildkite(options: { count?: number; fault?: Fault } = {}): Promise<FakeBuildkite> {
  const files = new Map<string, string>();
  const storage = await startServer((request, response) => {
    const id = /^\/files\/([^/?]+)/.exec(request.url)?.[1];
    const body = id === undefined ? undefined : files.get(id);
    if (body === undefined) {
      response.writeHead(404, { "content-type": "application/xml" }).end("<Error><Code>NoSuchKey</Code></Error>");
      return;
    }
    response.writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(body) }).end(body);
  });

  const fake = { artifacts: [] as FakeArtifact[] };
  const server = await startServer(async (request, response, index) => {
    if (options.fault && (await options.fault(request, response, index))) return;
    route(request, response);
  });
  const baseUrl = `${server.origin}/v2`;
  fake.artifacts = makeArtifacts(options.count ?? 5, baseUrl);
  for (const artifact of fake.artifacts) files.set(artifact.id, contentsOf(artifact.path));

  function route(request: Recorded, response: ServerResponse): void {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      sendJson(response, 401, { message: "Authentication required. Please supply a valid API Access Token" });
      return;
    }
    const url = new URL(request.url, server.origin);
    const prefix = `/v2/organizations/${ORG}/pipelines/${PIPELINE}/builds/${BUILD}`;
    if (!url.pathname.startsWith(`${prefix}/`)) {
      sendJson(response, 404, { message: "Not Found" });
      return;
    }
    const rest = url.pathname.slice(prefix.length).split("/").filter(Boolean);
    const find = (job: string, id: string) => fake.artifacts.find((a) => a.job_id === job && a.id === id);

    if (request.method === "GET" && rest.length === 1 && rest[0] === "artifacts") {
      list(url, response, fake.artifacts);
      return;
    }
    if (rest[0] !== "jobs" || rest[2] !== "artifacts") {
      sendJson(response, 404, { message: "Not Found" });
      return;
    }
    const job = rest[1] as string;
    if (request.method === "GET" && rest.length === 3) {
      list(
        url,
        response,
        fake.artifacts.filter((a) => a.job_id === job),
      );
      return;
    }
    const artifact = find(job, rest[3] ?? "");
    if (!artifact) {
      sendJson(response, 404, { message: "No artifact found" });
      return;
    }
    if (request.method === "GET" && rest.length === 4) {
      sendJson(response, 200, artifact);
      return;
    }
    if (request.method === "GET" && rest.length === 5 && rest[4] === "download") {
      const location = `${storage.origin}/files/${artifact.id}?X-Amz-Expires=60&X-Amz-Signature=${hex(7, 64)}`;
      sendJson(response, 302, { url: location }, { location });
      return;
    }
    if (request.method === "DELETE" && rest.length === 4) {
      fake.artifacts = fake.artifacts.filter((a) => a !== artifact);
      response.writeHead(204).end();
      return;
    }
    sendJson(response, 404, { message: "Not Found" });
  }

  function list(url: URL, response: ServerResponse, all: FakeArtifact[]): void {
    const state = url.searchParams.get("state");
    if (state !== null && !STATES.has(state)) {
      sendJson(response, 422, { message: "Validation Failed", errors: [{ field: "state", code: "invalid" }] });
      return;
    }
    const path = url.searchParams.get("path");
    const matching = all.filter((a) => (state === null || a.state === state) && (path === null || a.path === path));
    const page = Number(url.searchParams.get("page") ?? "1");
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? "30"), 100);
    const items = matching.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(1, Math.ceil(matching.length / perPage));
    const link = (n: number, rel: string) => {
      const target = new URL(url);
      target.searchParams.set("page", String(n));
      return `<${target.href}>; rel="${rel}"`;
    };
    const links = [];
    if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
    if (page > 1) links.push(link(1, "first"), link(page - 1, "prev"));
    sendJson(response, 200, items, links.length ? { link: links.join(", ") } : {});
  }

  return {
    server,
    storage,
    baseUrl,
    get artifacts() {
      return fake.artifacts;
    },
    files,
    close: async () => {
      await Promise.all([server.close(), storage.close()]);
    },
  };
}
