// One long-lived signal (a command's Ctrl-C) passed to many calls: undici adds listeners to a
// request's signal and lets go of them only once the request is collected, so the client gives
// each call a signal of its own that follows the caller's, and lets go of the caller's when done.
import { getEventListeners } from "node:events";
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";
import { retry } from "@ci-artifacts/client/retry";
import { afterEach, describe, expect, it } from "vitest";
import { double, json } from "./support/double.js";

const TOKEN = "a-token-for-signals";
const BASE = "https://api.example.test/v2";
const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}";
const params = {
  path: { org_slug: "acme", pipeline_slug: "web", build_number: 42, job_id: "j", artifact_id: "a" },
};

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
afterEach(() => {
  process.off("warning", onWarning);
  warnings.length = 0;
});

describe("a caller's signal shared by many calls", () => {
  it.each([
    { name: "the lean client", plugins: [] },
    { name: "with retry()", plugins: [retry()] },
  ])("keeps no listener on it once they are done, and no warning ($name)", async ({ plugins }) => {
    process.on("warning", onWarning);
    const { fetch } = double(json(200, { id: "a" }));
    const client = createBuildkiteClient({ token: TOKEN, baseUrl: BASE, fetch, plugins });
    const { signal } = new AbortController();
    for (let i = 0; i < 2_000; i++) {
      const { data } = await client.GET(ONE, { params, signal });
      expect(data).toEqual({ id: "a" });
    }
    // Let a warning emitted by the last calls arrive.
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    expect(warnings.map((w) => w.name)).toEqual([]);
  });

  it("still stops a call in flight, with the caller's reason", async () => {
    const controller = new AbortController();
    let started!: () => void;
    const sent = new Promise<void>((resolve) => {
      started = resolve;
    });
    const client = createBuildkiteClient({
      token: TOKEN,
      baseUrl: BASE,
      fetch: (request) =>
        new Promise<Response>((_, reject) => {
          started();
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        }),
    });
    const call = client.GET(ONE, { params, signal: controller.signal });
    await sent;
    const reason = new Error("stopped by the caller");
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
