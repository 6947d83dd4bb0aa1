// `ci-artifacts buildkite download` end to end, as a user runs it: the built command against the
// twin of @ci-artifacts/mock. A build of 300 artifacts over 4 pages, some corrupt in storage,
// 429s on the way; then a second run, a repair run, Ctrl-C in the middle of a download, a reader
// that stops early, and what --concurrency counts.
import { createHash } from "node:crypto";
import { readFile, truncate } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type FaultExchange, startTwin, type Twin } from "@ci-artifacts/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, filesUnder, inTerminal, run, scratch, start } from "./support.js";

const BUILD = { org_slug: "acme", pipeline_slug: "web", build_number: 42 };
const JOBS = [
  "aae578fe-994c-44e6-84da-4102616928ba",
  "ea3cfae9-a565-4353-8a5e-16436c164e43",
  "0b1c9a5e-2f4d-4c1b-9d7e-3a6f8e2b4c10",
];
const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const artifacts = Array.from({ length: 300 }, (_, i) => ({
  id: idOf(i),
  job_id: JOBS[i % JOBS.length],
  path: `${i % 5 === 0 ? "logs" : "dist"}/part-${String(i).padStart(3, "0")}.bin`,
  // 1 to 24 KiB, the same on every run.
  file_size: 1024 * (1 + ((i * 7) % 24)),
}));
// Every 20th file is corrupt in storage: the same length, other bytes.
const corrupt = new Set(artifacts.filter((_, i) => i % 20 === 7).map((a) => a.id));
const corruptPaths = artifacts.filter((a) => corrupt.has(a.id)).map((a) => a.path);
const goodPaths = artifacts.filter((a) => !corrupt.has(a.id)).map((a) => a.path);

const sha1 = (bytes: Uint8Array) => createHash("sha1").update(bytes).digest("hex");

beforeAll(assertBuilt);

describe("download: 300 artifacts over 4 pages, some corrupt, 429s on the way", () => {
  let twin: Twin<"buildkite">;
  let out: Awaited<ReturnType<typeof scratch>>;
  const args = () => [
    "buildkite",
    "download",
    "acme/web/42",
    "--base-url",
    twin.url,
    "--out",
    out.dir,
    "--concurrency",
    "8",
    // 75 a page: 4 pages of the 300.
    "--per-page",
    "75",
  ];
  const env = () => ({ BUILDKITE_API_TOKEN: twin.token });
  const corruptFault = (request: { listener: string; url: string }) => {
    const id = /^\/twin-artifacts\/([^/]+)\//.exec(request.url)?.[1];
    return request.listener === "storage" && id !== undefined && corrupt.has(id)
      ? { type: "corrupt" as const }
      : undefined;
  };
  beforeAll(async () => {
    out = await scratch();
    twin = await startTwin("buildkite", { data: { api: "buildkite", builds: [{ ...BUILD, artifacts }] } });
  });
  afterAll(async () => {
    await twin?.close();
    await out?.remove();
  });

  it("downloads and verifies every good file, reports and removes each corrupt one, and exits 1", async () => {
    twin.faults.add(
      corruptFault,
      "429:route=listBuildArtifacts,after=1,count=1",
      "429:route=downloadArtifact,after=40,count=2",
    );
    const { code, stdout, stderr } = await run(args(), { env: env() });
    expect(code).toBe(1);
    // Every good file, and nothing else: no corrupt file, no .part left.
    expect(await filesUnder(out.dir)).toEqual([...goodPaths].sort());
    const seed = new Map(twin.seed.builds[0]?.artifacts.map((a) => [a.path, a]));
    for (const path of goodPaths) {
      const bytes = await readFile(join(out.dir, path));
      expect({ path, size: bytes.byteLength, sha1: sha1(bytes) }).toEqual({
        path,
        size: seed.get(path)?.file_size,
        sha1: seed.get(path)?.sha1sum,
      });
    }
    // One plain line per file: the good ones on stdout, each corrupt one named on stderr.
    expect(stdout.trim().split("\n")).toHaveLength(goodPaths.length);
    for (const path of goodPaths) expect(stdout).toContain(`downloaded ${path} (`);
    for (const path of corruptPaths)
      expect(stderr).toMatch(new RegExp(`failed ${path}: .*SHA-1 [0-9a-f]{40} where the API gave`));
    expect(stderr).toMatch(/285 downloaded \(.*\), 0 already there, 15 failed in .* s; some files are missing/);
    // Four pages, one of them asked twice after its 429; the 429s met are the injected ones only:
    // pacing by the announced budget kept every other request under the rate limit.
    const lists = twin.requests.filter((r) => r.route === "listBuildArtifacts");
    expect(lists.map((r) => r.status)).toEqual([200, 429, 200, 200, 200]);
    const tooMany = twin.requests.filter((r) => r.status === 429);
    expect(tooMany).toHaveLength(3);
    expect(tooMany.every((r) => r.fault === "429")).toBe(true);
  });

  it("a second run downloads nothing it already has: only the corrupt files are asked for again", async () => {
    twin.resetRequests();
    const { code, stdout, stderr } = await run(args(), { env: env() });
    expect(code).toBe(1);
    expect(stdout).not.toContain("downloaded ");
    for (const path of goodPaths) expect(stdout).toContain(`already there ${path} (size and sha1 verified)`);
    expect(stderr).toMatch(/0 downloaded \(0 B\), 285 already there, 15 failed/);
    const fetched = twin.requests.filter((r) => r.listener === "storage").map((r) => r.url.split("/")[2]);
    expect(new Set(fetched)).toEqual(corrupt);
  });

  it("once storage serves them right, a run fetches only what is missing or cut short, and exits 0", async () => {
    twin.faults.clear();
    // A file cut short, as a crash of another tool would leave it: done again.
    const cut = goodPaths[10] as string;
    await truncate(join(out.dir, cut), 100);
    const { code, stdout, stderr } = await run(args(), { env: env() });
    expect(stderr).toMatch(/16 downloaded \(.*\), 284 already there in .* s; every file is there, verified/);
    expect(code).toBe(0);
    for (const path of [...corruptPaths, cut]) expect(stdout).toContain(`downloaded ${path} (`);
    expect(await filesUnder(out.dir)).toEqual(artifacts.map((a) => a.path).sort());
  });
});

describe("download: Ctrl-C", () => {
  it("SIGINT in the middle of downloads leaves no partial file behind and exits 130", async () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ path: `big/file-${i}.bin`, file_size: 2 << 20 }));
    // Storage sends the first 1.5 MiB of each file, then nothing: downloads stay in flight, each
    // .part file holding the first 1 MiB batch (a file is opened with its first batch).
    const twin = await startTwin("buildkite", {
      data: { api: "buildkite", builds: [{ ...BUILD, artifacts: files }] },
      faults: `stall:route=storage,bytes=${3 << 19}`,
    });
    const out = await scratch();
    try {
      const { child, done } = start(
        ["buildkite", "download", "acme/web/42", "--base-url", twin.url, "--out", out.dir, "--concurrency", "3"],
        { env: { BUILDKITE_API_TOKEN: twin.token } },
      );
      // Wait (bounded) until three .part files are being written.
      for (let i = 0; i < 600 && (await filesUnder(out.dir)).filter((f) => f.endsWith(".part")).length < 3; i++) {
        await sleep(50);
      }
      expect((await filesUnder(out.dir)).filter((f) => f.endsWith(".part"))).toHaveLength(3);
      child.kill("SIGINT");
      // Bounded, so a command that ignores Ctrl-C fails here rather than at the test's timeout.
      const ended = await Promise.race([done, sleep(20_000).then(() => undefined)]);
      if (!ended) {
        child.kill("SIGKILL");
        throw new Error(
          `the command was still running 20 s after SIGINT; left: ${(await filesUnder(out.dir)).join(", ")}`,
        );
      }
      const { code, stderr } = ended;
      expect(code).toBe(130);
      expect(await filesUnder(out.dir)).toEqual([]);
      expect(stderr).toContain("interrupted big/file-0.bin (nothing left behind)");
      expect(stderr).toMatch(
        /0 downloaded \(0 B\), 0 already there, 6 not done \(interrupted\) in .* s; interrupted: run the same command again to resume/,
      );
    } finally {
      await twin.close();
      await out.remove();
    }
  });
});

describe("download: a reader that stops early", () => {
  it("stops with 141 when its output is closed, leaving only whole, verified files", async () => {
    const files = Array.from({ length: 300 }, (_, i) => ({ path: `dist/file-${i}.bin`, file_size: 2048 }));
    // Storage answers the first two files at once and the rest once the reader has gone, so the
    // command cannot finish before its output closes, however slowly this test is scheduled.
    let readerGone = () => {};
    const gone = new Promise<void>((resolve) => {
      readerGone = resolve;
    });
    const afterTheReader = {
      kind: "after-the-reader",
      async act({ response, answer }: FaultExchange) {
        await gone;
        const { status, headers, body = "" } = await answer();
        response.writeHead(status, headers).end(body);
      },
    };
    const twin = await startTwin("buildkite", {
      data: { api: "buildkite", builds: [{ ...BUILD, artifacts: files }] },
      faults: [{ fault: afterTheReader, route: "storage", after: 2 }],
    });
    const out = await scratch();
    try {
      const { child, done } = start(
        ["buildkite", "download", "acme/web/42", "--base-url", twin.url, "--out", out.dir, "--concurrency", "2"],
        { env: { BUILDKITE_API_TOKEN: twin.token } },
      );
      // `| head -1`: the reader takes the first line, then closes its end; 299 files are still to come.
      child.stdout?.once("data", () => {
        child.stdout?.destroy();
        readerGone();
      });
      const { code, stderr } = await done;
      expect(code).toBe(141);
      expect(stderr).not.toMatch(/EPIPE|Error/);
      expect(stderr).toMatch(/not done \(interrupted\) in .* s; interrupted: run the same command again to resume/);
      const left = await filesUnder(out.dir);
      expect(left.filter((f) => f.endsWith(".part"))).toEqual([]);
      expect(left.length).toBeGreaterThan(0);
      expect(left.length).toBeLessThan(300);
      const seed = new Map(twin.seed.builds[0]?.artifacts.map((a) => [a.path, a]));
      for (const path of left) {
        const bytes = await readFile(join(out.dir, path));
        expect(sha1(bytes), path).toBe(seed.get(path)?.sha1sum);
      }
    } finally {
      await twin.close();
      await out.remove();
    }
  });
});

describe("download: --concurrency counts files coming in", () => {
  it("starts the next file once a file's bytes are all in, before its body has ended", async () => {
    const files = [
      { path: "held/first.bin", file_size: 4096 },
      { path: "held/second.bin", file_size: 4096 },
    ];
    let secondWhileFirstOpen: boolean | undefined;
    // The first file: every byte the API announced, then the body left open (chunked, no length)
    // until the second file is asked of storage, 10 s at most.
    const holdFirstOpen = {
      kind: "held-open",
      async act({ response, answer }: FaultExchange) {
        const { status, headers, body = "" } = await answer();
        const { "content-length": _length, ...rest } = headers;
        response.writeHead(status, rest);
        response.write(body);
        for (let i = 0; i < 200 && twin.received.storage < 2; i++) await sleep(50);
        secondWhileFirstOpen = twin.received.storage >= 2;
        response.end();
      },
    };
    const twin = await startTwin("buildkite", {
      data: { api: "buildkite", builds: [{ ...BUILD, artifacts: files }] },
      faults: [{ fault: holdFirstOpen, route: "storage", count: 1 }],
    });
    const out = await scratch();
    try {
      const { code, stdout } = await run(
        ["buildkite", "download", "acme/web/42", "--base-url", twin.url, "--out", out.dir, "--concurrency", "1"],
        { env: { BUILDKITE_API_TOKEN: twin.token } },
      );
      expect(secondWhileFirstOpen, "the second file was asked of storage while the first's body was open").toBe(true);
      expect(code).toBe(0);
      expect(await filesUnder(out.dir)).toEqual(["held/first.bin", "held/second.bin"]);
      expect(stdout).toContain("downloaded held/first.bin (4.0 KiB, size and sha1 verified)");
    } finally {
      await twin.close();
      await out.remove();
    }
  });
});

describe("download: what it shows", () => {
  let twin: Twin<"buildkite">;
  let out: Awaited<ReturnType<typeof scratch>>;
  beforeAll(async () => {
    out = await scratch();
    twin = await startTwin("buildkite", {
      data: { api: "buildkite", builds: [{ ...BUILD, artifacts: artifacts.slice(0, 6) }] },
    });
  });
  afterAll(async () => {
    await twin?.close();
    await out?.remove();
  });
  const args = (dir: string) => ["buildkite", "download", "acme/web/42", "--base-url", twin.url, "--out", dir];

  it("draws bars on a terminal, and no line per file", async () => {
    const terminal = inTerminal(args(join(out.dir, "terminal")), { env: { BUILDKITE_API_TOKEN: twin.token } });
    const { code, stdout } = await terminal.done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/█+ 6\/6 files/);
    expect(stdout).not.toContain("downloaded dist/");
    expect(stdout).toMatch(/6 downloaded \(.*\), 0 already there in .* s; every file is there, verified/);
    expect(await filesUnder(join(out.dir, "terminal"))).toHaveLength(6);
  });

  it("--progress bars draws them elsewhere too; --progress lines prints lines on a terminal", async () => {
    const bars = await run([...args(join(out.dir, "bars")), "--progress", "bars"], {
      env: { BUILDKITE_API_TOKEN: twin.token },
    });
    expect(bars.code).toBe(0);
    expect(bars.stdout).toBe("");
    expect(bars.stderr).toMatch(/█+ 6\/6 files/);

    const terminal = inTerminal([...args(join(out.dir, "lines")), "--progress", "lines"], {
      env: { BUILDKITE_API_TOKEN: twin.token },
    });
    const lines = await terminal.done;
    expect(lines.code).toBe(0);
    expect(lines.stdout.match(/^downloaded .*, size and sha1 verified\)\r$/gm)).toHaveLength(6);
    expect(lines.stdout).not.toContain("█");
  });
});
