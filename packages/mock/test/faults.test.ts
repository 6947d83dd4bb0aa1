// Faults on demand: each kind as it reaches a client, which requests meet them (route, after,
// count, rate), and the command line's syntax with its mistakes named.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FaultRule, parseFaults, startTwin, type Twin } from "../src/index.js";
import { call, sha1 } from "./support.js";

let twin: Twin<"buildkite">;
const build = "/organizations/my-great-org/pipelines/my-pipeline/builds/1";
const one = `${build}/jobs/aae578fe-994c-44e6-84da-4102616928ba/artifacts/76365070-34d5-4104-8b91-952780f8029f`;

beforeAll(async () => {
  twin = await startTwin("buildkite", { rateLimit: false });
});
afterAll(() => twin.close());
beforeEach(() => {
  twin.faults.clear();
  twin.resetRequests();
});

/** Resolves once the twin has received `n` requests: the test waits on the twin, not on a clock. */
async function received(n: number): Promise<void> {
  while (twin.requests.length < n) await new Promise((resolve) => setImmediate(resolve));
}

describe("each kind, as a client meets it", () => {
  it.each([
    {
      name: "429",
      given: "429:retry=3",
      want: {
        status: 429,
        reset: "3",
        body: {
          message: "You have exceeded your API rate limit. Please wait 3 seconds before making more requests.",
          scope: "rest_user",
          limit: 50,
          current: 51,
          reset: 3,
        },
      },
    },
    {
      name: "503 with the vendor's body",
      given: "503",
      want: { status: 503, reset: null, body: { message: "503 injected by the twin's faults" } },
    },
    { name: "502 with no body", given: "502:body=empty", want: { status: 502, reset: null, body: undefined } },
    {
      name: "slow, then the normal answer",
      given: "slow:ms=20",
      want: { status: 200, reset: null, body: expect.objectContaining({ path: "dist/app.tar.gz" }) },
    },
  ])("$name", async ({ given, want }) => {
    twin.faults.add(given);
    const answer = await call(twin, one);
    expect({ status: answer.status, reset: answer.headers.get("ratelimit-reset"), body: answer.body }).toEqual(want);
    expect(twin.requests.map((r) => r.fault)).toEqual([given.split(":")[0]]);
  });

  it("drop: the connection is reset before any byte", async () => {
    twin.faults.add("drop");
    const error = await call(twin, one).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as { code?: string }).code).toBe("ECONNRESET");
  });

  it("truncate: the headers and half the body, then a reset", async () => {
    twin.faults.add({ fault: { type: "truncate", bytes: 10 } });
    const response = await fetch(`${twin.url}${one}`, { headers: { authorization: `Bearer ${twin.token}` } });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it("hang: no answer until the client gives up", async () => {
    twin.faults.add("hang");
    const controller = new AbortController();
    const pending = fetch(`${twin.url}${one}`, {
      headers: { authorization: `Bearer ${twin.token}` },
      signal: controller.signal,
    });
    await received(1);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it("stall: the headers and part of the body, then nothing", async () => {
    twin.faults.add("stall:bytes=5");
    const controller = new AbortController();
    const response = await fetch(`${twin.url}${one}`, {
      headers: { authorization: `Bearer ${twin.token}` },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('{"id"');
    const rest = reader.read();
    controller.abort();
    await expect(rest).rejects.toThrow(/abort/i);
  });

  it("corrupt on storage: the same length, another checksum", async () => {
    twin.faults.add("corrupt:route=storage,count=1");
    const artifact = twin.seed.builds[0]!.artifacts[0]!;
    const location = (await call(twin, `${one}/download`)).headers.get("location")!;
    const bad = new Uint8Array(await (await fetch(location)).arrayBuffer());
    const good = new Uint8Array(await (await fetch(location)).arrayBuffer());
    expect({ size: bad.byteLength, sha1: sha1(bad) === artifact.sha1sum }).toEqual({
      size: artifact.file_size,
      sha1: false,
    });
    expect(sha1(good)).toBe(artifact.sha1sum);
    expect(twin.requests.map((r) => [r.listener, r.route, r.fault])).toEqual([
      ["api", "downloadArtifact", undefined],
      ["storage", "storage", "corrupt"],
      ["storage", "storage", undefined],
    ]);
  });
});

describe("which requests meet a fault", () => {
  const statuses = async (paths: string[]) => {
    const out: number[] = [];
    for (const path of paths) out.push((await call(twin, path)).status);
    return out;
  };

  it.each([
    { name: "every request, without keys", given: ["503"], want: [503, 503, 503, 503] },
    { name: "after 1, count 2", given: ["503:after=1,count=2"], want: [200, 503, 503, 200] },
    { name: "by route: the gets only", given: ["503:route=getArtifact"], want: [503, 200, 503, 200] },
    { name: "by route: every operation", given: ["503:route=api"], want: [503, 503, 503, 503] },
    { name: "two rules: the first that fires wins", given: ["429:count=1", "503:count=2"], want: [429, 503, 200, 200] },
  ])("$name", async ({ given, want }) => {
    twin.faults.add(...given);
    expect(await statuses([one, `${build}/artifacts`, one, `${build}/artifacts`])).toEqual(want);
  });

  it("by rate: drawn from the seed, so the same seed meets the same requests", async () => {
    const draw = async () => {
      const other = await startTwin("buildkite", { rateLimit: false, seed: 5, faults: "503:rate=0.5" });
      try {
        const out: number[] = [];
        for (let i = 0; i < 40; i++) out.push((await call(other, one)).status);
        return out;
      } finally {
        await other.close();
      }
    };
    const first = await draw();
    expect(await draw()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 503]));
  });

  it("tallies what it injected, by kind", async () => {
    twin.faults.add("503:count=2", "429:count=1");
    for (let i = 0; i < 4; i++) await call(twin, one);
    expect(twin.faults.injected.get("503")).toBeGreaterThanOrEqual(2);
    expect(twin.faults.injected.get("429")).toBeGreaterThanOrEqual(1);
  });

  it("takes a picker and a custom fault written in code", async () => {
    twin.faults.add((request, index) =>
      index === 1 && request.route === "getArtifact"
        ? { kind: "teapot", act: ({ response }) => void response.writeHead(418, { "content-length": "0" }).end() }
        : undefined,
    );
    expect(await statuses([one, one, one])).toEqual([200, 418, 200]);
    expect(twin.requests.map((r) => r.fault)).toEqual([undefined, "teapot", undefined]);
  });
});

describe("the command line's rules", () => {
  it.each<{ name: string; given: string; want: FaultRule[] }>([
    { name: "a kind alone", given: "drop", want: [{ fault: { type: "drop" } }] },
    {
      name: "keys",
      given: "429:route=listBuildArtifacts|getArtifact,count=2,retry=5",
      want: [{ fault: { type: "429", retryAfter: 5 }, route: ["listBuildArtifacts", "getArtifact"], count: 2 }],
    },
    {
      name: "two rules",
      given: "503:rate=0.25 ; slow:ms=1500,after=3",
      want: [
        { fault: { type: "status", status: 503, body: "vendor" }, rate: 0.25 },
        { fault: { type: "slow", ms: 1500 }, after: 3 },
      ],
    },
  ])("read $name", ({ given, want }) => {
    expect(parseFaults(given)).toEqual(want);
  });

  it.each([
    {
      name: "an unknown kind",
      given: "boom",
      want: 'fault rule 1 ("boom"): unknown kind "boom": use one of 429, 4xx or 5xx status, slow, hang, drop, truncate, stall, corrupt',
    },
    {
      name: "a bad number",
      given: "drop;slow:ms=fast",
      want: 'fault rule 2 ("slow:ms=fast"): ms must be a whole number of at least 0, got "fast"',
    },
    { name: "slow without ms", given: "slow", want: 'fault rule 1 ("slow"): slow needs ms=<milliseconds>' },
    {
      name: "a rate above 1",
      given: "503:rate=2",
      want: 'fault rule 1 ("503:rate=2"): rate must be a number from 0 to 1, got "2"',
    },
    {
      name: "a key of another kind",
      given: "drop:ms=5",
      want: 'fault rule 1 ("drop:ms=5"): ms is not an option of drop: use route, after, count, rate',
    },
    { name: "no value", given: "drop:count", want: 'fault rule 1 ("drop:count"): "count" is not key=value' },
  ])("name $name", ({ given, want }) => {
    expect(() => parseFaults(given)).toThrow(want);
  });

  it("names a fault given bare instead of inside a rule", () => {
    const bare = { type: "429" } as unknown as FaultRule;
    expect(() => twin.faults.add(bare)).toThrow(
      'fault rule 1 ("{\\"type\\":\\"429\\"}"): a rule is { fault, route?, after?, count?, rate? }, its fault { type, ... } or { kind, act }',
    );
    const custom = { kind: "mine", act: () => undefined } as unknown as FaultRule;
    expect(() => twin.faults.add(custom)).toThrow(/fault rule 1 \("\{\\"kind\\":\\"mine\\"\}"\): a rule is \{ fault/);
  });

  it("names a route the twin does not have", () => {
    expect(() => twin.faults.add("503:route=listThings")).toThrow(
      /route "listThings" is not one of \*, api, storage, listBuildArtifacts/,
    );
  });
});
