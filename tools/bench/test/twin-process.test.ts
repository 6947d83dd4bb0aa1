// The twin items 3 and 7 measure runs in a child process: it serves its setup's data, counts the
// requests it received and the CPU it spent, and a setup it does not know is refused by name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACT_ID, artifactUrl, PER_PAGE, TOKEN } from "../src/fixture.mjs";
import { startTwinProcess, type TwinProcess } from "../src/twin-process.mjs";
import { WIRE_BUILDS } from "../src/twin-setups.mjs";

describe("startTwinProcess", () => {
  let twin: TwinProcess;
  // Item 3's data is 28,800 artifacts, each checked against the description as the twin loads
  // it: the process listens after about 1.2 s on a quiet machine (0.8 s of it loading), many
  // times that beside the rest of `pnpm test` on a slow one (past 30 s once, on 2026-12-02, in
  // item 4's run of `pnpm test`). The limit only stops a hang.
  beforeAll(async () => {
    twin = await startTwinProcess("wire");
  }, 120_000);
  afterAll(async () => {
    await twin?.close();
  });

  it("serves item 3's pages under /v2 to the fixture's token, from a process of its own", async () => {
    expect(twin.pid).not.toBe(process.pid);
    expect(twin.url).toBe(`${twin.origin}/v2`);
    expect(twin.token).toBe(TOKEN);
    const last = WIRE_BUILDS.at(-1) ?? 0;
    const list = await fetch(
      `${twin.url}/organizations/my-great-org/pipelines/my-pipeline/builds/${last}/artifacts?per_page=${PER_PAGE}&page=${last}`,
      {
        headers: { authorization: `Bearer ${TOKEN}` },
      },
    );
    expect(list.status).toBe(200);
    expect(((await list.json()) as unknown[]).length).toBe(PER_PAGE);
    expect(list.headers.get("link")).not.toMatch(/rel="next"/);
  });

  it("answers the GET item 3 sends, with no rate limit in the way", async () => {
    const url = artifactUrl(twin.url, 1);
    const answers = await Promise.all(
      Array.from({ length: 300 }, () => fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })),
    );
    const statuses = new Set(answers.map((r) => r.status));
    const first = (await answers[0]?.json()) as { id?: string };
    await Promise.all(answers.slice(1).map((r) => r.arrayBuffer()));
    expect([...statuses]).toEqual([200]);
    expect(first.id).toBe(ARTIFACT_ID);
  });

  it("counts the requests it received and the CPU it spent", async () => {
    const before = await twin.stats();
    await Promise.all(
      Array.from({ length: 7 }, async () =>
        (await fetch(`${twin.url}/nothing`, { headers: { authorization: `Bearer ${TOKEN}` } })).arrayBuffer(),
      ),
    );
    const after = await twin.stats();
    expect(after.requests - before.requests).toBe(7);
    expect(after.cpuMs).toBeGreaterThan(before.cpuMs);
  });
});

it("refuses a setup it does not know, naming it and the ones it has", async () => {
  await expect(startTwinProcess("nope")).rejects.toThrow(
    /twin-server\.mjs nope: exited \(2\) before it listened\n.*unknown setup "nope"; setups: wire, list/,
  );
});
