// The main entry's factories: retries, timeouts and pacing by default, none with `plugins: []`;
// the API subpaths are the lean core, with nothing added.

import { type AttemptEvent, createBuddyClient, createBuildkiteClient } from "@ci-artifacts/client";
import { createBuddyClient as buddyCore } from "@ci-artifacts/client/buddy";
import { createBuildkiteClient as buildkiteCore } from "@ci-artifacts/client/buildkite";
import { events } from "@ci-artifacts/client/events";
import { describe, expect, it } from "vitest";
import { double, json } from "./support/double.js";

const ONE =
  "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}" as const;
const ids = { org_slug: "acme", pipeline_slug: "web", build_number: 42, job_id: "j", artifact_id: "a1" };
const BUDDY_ONE = "/workspaces/{workspace}/artifacts/{artifact_id}" as const;
// A 429 that asks for no wait at all, then the answer.
const limited = () => double(json(429, { message: "slow down" }, { "retry-after": "0" }), json(200, { id: "a1" }));

describe("the main entry's factories", () => {
  it("retry a 429 by default (Buildkite)", async () => {
    const fake = limited();
    const bk = createBuildkiteClient({ token: "t", fetch: fake.fetch });
    const { data, response } = await bk.GET(ONE, { params: { path: ids } });
    expect([response.status, data, fake.sent.length]).toEqual([200, { id: "a1" }, 2]);
  });

  it("retry a 429 by default (Buddy)", async () => {
    const fake = limited();
    const buddy = createBuddyClient({ token: "t", fetch: fake.fetch });
    const { data } = await buddy.GET(BUDDY_ONE, { params: { path: { workspace: "w", artifact_id: "a1" } } });
    expect([data, fake.sent.length]).toEqual([{ id: "a1" }, 2]);
  });

  it("take `plugins: undefined` for the default", async () => {
    const fake = limited();
    const bk = createBuildkiteClient({ token: "t", fetch: fake.fetch, plugins: undefined });
    expect((await bk.GET(ONE, { params: { path: ids } })).response.status).toBe(200);
    expect(fake.sent).toHaveLength(2);
  });

  it("send once with `plugins: []`", async () => {
    const fake = limited();
    const bk = createBuildkiteClient({ token: "t", fetch: fake.fetch, plugins: [] });
    const { error, response } = await bk.GET(ONE, { params: { path: ids } });
    expect([response.status, error, fake.sent.length]).toEqual([429, { message: "slow down" }, 1]);
  });

  it("use the plugins given instead of the default", async () => {
    const fake = limited();
    const seen: AttemptEvent[] = [];
    const bk = createBuildkiteClient({ token: "t", fetch: fake.fetch, plugins: [events((e) => seen.push(e))] });
    expect((await bk.GET(ONE, { params: { path: ids } })).response.status).toBe(429);
    expect(seen.map((e) => e.status)).toEqual([429]);
  });
});

describe("the core factories of the API subpaths", () => {
  it("send once: nothing is retried unless a plugin says so", async () => {
    const bkFake = limited();
    const buddyFake = limited();
    const bk = buildkiteCore({ token: "t", fetch: bkFake.fetch });
    const buddy = buddyCore({ token: "t", fetch: buddyFake.fetch });
    expect((await bk.GET(ONE, { params: { path: ids } })).response.status).toBe(429);
    expect(
      (await buddy.GET(BUDDY_ONE, { params: { path: { workspace: "w", artifact_id: "a1" } } })).response.status,
    ).toBe(429);
    expect([bkFake.sent.length, buddyFake.sent.length]).toEqual([1, 1]);
  });
});
