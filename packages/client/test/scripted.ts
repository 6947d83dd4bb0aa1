// A server on 127.0.0.1 that answers request n with the nth step of a script (the last repeats),
// and both clients on it with the retry plugin: what the retry tests share.
import type { ServerResponse } from "node:http";
import { createBuddyClient } from "@ci-artifacts/client/buddy";
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { type RetryEvent, type RetryOptions, retry } from "@ci-artifacts/client/retry";
import { type Recorded, sendJson, startServer, type TestServer } from "./support/http.js";

export const TOKEN = "a-token-for-retries";
export const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}" as const;
export const ids = { org_slug: "acme", pipeline_slug: "web", build_number: 42, job_id: "j", artifact_id: "a1" };
export const params = { path: ids };
export const BUDDY_LIST = "/workspaces/{workspace}/artifacts" as const;
export const BUDDY_ONE = "/workspaces/{workspace}/artifacts/{artifact_id}" as const;

export type Step = (request: Recorded, response: ServerResponse) => void;
export const ok: Step = (_q, r) => sendJson(r, 200, { id: "a1" });
export const created: Step = (_q, r) => sendJson(r, 201, { id: "x", name: "n" });
export const status =
  (code: number, headers: Record<string, string> = {}): Step =>
  (_q, r) =>
    void r.writeHead(code, { "content-length": "0", ...headers }).end();
export const reset: Step = (_q, r) => r.socket?.destroy();
/** The request is read and never answered. */
export const silent: Step = () => undefined;
export const cutBody: Step = (_q, r) => {
  r.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  r.write('{"id":', () => r.socket?.destroy());
};
/** The headers and 7 bytes of the body, then nothing. */
export const stall: Step = (_q, r) => {
  r.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  r.write('[{"id":');
};

let servers: TestServer[] = [];

/** A server that answers request n with steps[n] (the last step repeats); closed by `closeServers`. */
export async function scripted(steps: Step[]): Promise<TestServer> {
  const server = await startServer((request, response, index) =>
    (steps[Math.min(index, steps.length - 1)] as Step)(request, response),
  );
  servers.push(server);
  return server;
}

export async function closeServers(): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
}

/** Both clients on `server`, each with the retry plugin (1 ms backoff unless `options` says), and the retries they report. */
export function clients(server: TestServer, options: RetryOptions = {}) {
  const events: RetryEvent[] = [];
  const plugin = () => retry({ baseDelayMs: 1, onRetry: (event) => events.push(event), ...options });
  return {
    events,
    buildkite: createBuildkiteClient({ token: TOKEN, baseUrl: `${server.origin}/v2`, plugins: [plugin()] }),
    buddy: createBuddyClient({ token: TOKEN, baseUrl: `${server.origin}/api`, plugins: [plugin()] }),
  };
}

export const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value, thrown: undefined }),
    (thrown: unknown) => ({ value: undefined, thrown }),
  );
