// The pure parts, case by case: where a path may go, what a build is, what is redacted, how
// artifacts sharing a path are planned, how a table is laid out, which files may already be there,
// how many calls the pool runs at once, what a network failure is said to be.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { NetworkError } from "@ci-artifacts/client";
import { describe, expect, it } from "vitest";
import type { Artifact } from "../src/buildkite/artifacts.js";
import { parseBuild } from "../src/buildkite/build-ref.js";
import { plan } from "../src/buildkite/plan.js";
import { listed } from "../src/buildkite/resume.js";
import { targetOf } from "../src/buildkite/safe-path.js";
import { explain, UsageError } from "../src/errors.js";
import { clean, formatSize, table } from "../src/output/table.js";
import { pool } from "../src/pool.js";
import { Secrets } from "../src/secrets.js";
import { tokenFlag } from "../src/token.js";

const OUT = resolve("/srv/out");

describe("targetOf", () => {
  it.each([
    { path: "dist/app.js", want: join(OUT, "dist/app.js") },
    { path: "dist/./app.js", want: join(OUT, "dist/app.js") },
    { path: "dist//app.js", want: join(OUT, "dist/app.js") },
    { path: "a..b/..c", want: join(OUT, "a..b/..c") },
    { path: ".hidden", want: join(OUT, ".hidden") },
  ])("puts $path below --out", ({ path, want }) => {
    expect(targetOf(OUT, path)).toEqual({ ok: true, file: want });
  });

  it.each([
    { path: "../x", reason: "climbs out" },
    { path: "a/../../x", reason: "climbs out" },
    { path: "a/..", reason: "climbs out" },
    { path: "..\\x", reason: "climbs out" },
    { path: "a\\..\\..\\x", reason: "climbs out" },
    { path: "/etc/x", reason: "absolute" },
    { path: "\\\\server\\share\\x", reason: "absolute" },
    { path: "C:\\x", reason: "absolute" },
    { path: "c:x", reason: "absolute" },
    { path: "", reason: "empty" },
    { path: ".", reason: "names no file" },
    { path: "./", reason: "names no file" },
    { path: "a\0b", reason: "NUL" },
  ])("refuses $path", ({ path, reason }) => {
    const target = targetOf(OUT, path);
    expect(target.ok).toBe(false);
    expect(target.ok ? "" : target.reason).toContain(reason);
  });
});

describe("parseBuild", () => {
  it.each([
    { given: "acme/web/42", want: { org_slug: "acme", pipeline_slug: "web", build_number: 42 } },
    { given: "my-org/my.pipe_1/7", want: { org_slug: "my-org", pipeline_slug: "my.pipe_1", build_number: 7 } },
    {
      given: "https://buildkite.com/acme/web/builds/42",
      want: { org_slug: "acme", pipeline_slug: "web", build_number: 42 },
    },
    {
      given: "https://buildkite.com/acme/web/builds/42/",
      want: { org_slug: "acme", pipeline_slug: "web", build_number: 42 },
    },
    {
      given: "https://buildkite.com/acme/web/builds/42#aae578fe-994c-44e6-84da-4102616928ba",
      want: { org_slug: "acme", pipeline_slug: "web", build_number: 42, job: "aae578fe-994c-44e6-84da-4102616928ba" },
    },
    {
      given: "https://buildkite.com/acme/web/builds/42#annotations",
      want: { org_slug: "acme", pipeline_slug: "web", build_number: 42 },
    },
  ])("reads $given", ({ given, want }) => {
    expect(parseBuild(given)).toEqual(want);
  });

  it.each([
    { given: "acme/web", want: 'build "acme/web": expected org/pipeline/number' },
    { given: "acme/web/42/x", want: 'build "acme/web/42/x": expected org/pipeline/number' },
    { given: "acme/web/0", want: '"0" is not a build number' },
    { given: "acme/web/4x", want: '"4x" is not a build number' },
    { given: "acme//42", want: '"" is not a pipeline slug' },
    { given: "-acme/web/42", want: '"-acme" is not an organization slug' },
    { given: "https://buildkite.com/acme/web/42", want: "a build's URL ends in /<org>/<pipeline>/builds/<number>" },
    { given: "https://buildkite.com/acme/web/builds/42/jobs", want: "a build's URL ends in" },
    { given: "http://[bad", want: "not a URL" },
  ])("refuses $given, saying what it expects", ({ given, want }) => {
    expect(() => parseBuild(given)).toThrow(UsageError);
    expect(() => parseBuild(given)).toThrow(want);
  });
});

describe("Secrets", () => {
  it("redacts each secret as written, percent-encoded in either case, the longest first", () => {
    const secrets = new Secrets();
    secrets.add("ab/cd+ef");
    secrets.add("ab/cd+ef-longer");
    secrets.add("xyz");
    expect(secrets.redact("t=ab/cd+ef-longer; u=ab%2Fcd%2Bef; v=ab%2fcd%2bef; w=AB/CD+EF; xyz")).toBe(
      "t=[redacted]; u=[redacted]; v=[redacted]; w=AB/CD+EF; xyz",
    );
  });
});

describe("tokenFlag", () => {
  it.each([["--token", "x"], ["--token=x"], ["--api-token=x"], ["--buildkite-token", "x"], ["--buddy-token=x"]])(
    "refuses %s",
    (...argv) => {
      expect(tokenFlag(["buildkite", "ls", ...argv])).toMatch(/is not an option: a token on the command line/);
    },
  );

  it("lets --token-file and arguments after -- through", () => {
    expect(tokenFlag(["buildkite", "ls", "a/b/1", "--token-file", "f"])).toBeUndefined();
    expect(tokenFlag(["buildkite", "ls", "--", "--token"])).toBeUndefined();
  });
});

describe("plan", () => {
  const artifact = (id: string, path: string, sha1sum: string, job_id = "job-a") =>
    ({ id, path, sha1sum, job_id, file_size: 10 }) as Artifact;

  it("downloads one of several jobs' identical files, and refuses a path shared by different ones", () => {
    const result = plan(OUT, [
      artifact("1", "dist/a.js", "aa", "job-a"),
      artifact("2", "dist/a.js", "AA", "job-b"),
      artifact("3", "dist/b.js", "bb", "job-a"),
      artifact("4", "dist/b.js", "cc", "job-b"),
      artifact("5", "../c.js", "dd"),
    ]);
    expect(result.downloads.map((d) => [d.artifact.id, d.file])).toEqual([["1", join(OUT, "dist/a.js")]]);
    expect(result.same).toBe(1);
    expect(result.refused.map((r) => [r.artifact.id, r.reason])).toEqual([
      ["5", "the path climbs out with '..'; it would be written outside --out"],
      ["3", "2 artifacts of different content have this path (jobs job-a, job-b); pass --job to choose one"],
      ["4", "2 artifacts of different content have this path (jobs job-a, job-b); pass --job to choose one"],
    ]);
  });
});

describe("table and sizes", () => {
  it("pads columns, right-aligns numbers, escapes control characters", () => {
    const rows = [
      { name: "a", size: 1 },
      { name: "long\u001b[31mname", size: 123456 },
    ];
    expect(
      table(
        [
          { header: "NAME", value: (r) => r.name },
          { header: "SIZE", value: (r) => formatSize(r.size), align: "right" },
        ],
        rows,
      ),
    ).toBe(["NAME                   SIZE", "a                       1 B", "long\\u001b[31mname  121 KiB"].join("\n"));
    expect(clean("a\nb\u0007")).toBe("a\\u000ab\\u0007");
  });

  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [10 * 1024, "10 KiB"],
    [1024 * 1024, "1.0 MiB"],
    [5 * 1024 ** 4, "5.0 TiB"],
  ])("formatSize(%i) is %s", (bytes, want) => {
    expect(formatSize(bytes)).toBe(want);
  });
});

describe("listed", () => {
  it("says from one listing per folder which files may be there", async () => {
    const root = await mkdtemp(join(tmpdir(), "ci-artifacts-listed-"));
    try {
      await mkdir(join(root, "dist", "a.bin"), { recursive: true }); // a folder where a file goes: looked at
      await writeFile(join(root, "dist", "b.bin"), "b");
      await writeFile(join(root, "top.txt"), "t");
      await writeFile(join(root, "plain"), "not a folder");
      const there = await listed(
        ["dist/a.bin", "dist/b.bin", "dist/c.bin", "top.txt", "gone/x.bin", "plain/y.bin"].map((f) => join(root, f)),
      );
      expect(there(join(root, "dist", "a.bin"))).toBe(true);
      expect(there(join(root, "dist", "b.bin"))).toBe(true);
      expect(there(join(root, "top.txt"))).toBe(true);
      expect(there(join(root, "dist", "c.bin"))).toBe(false);
      expect(there(join(root, "gone", "x.bin"))).toBe(false);
      // A "folder" that cannot be listed says nothing: its file is looked at on its own.
      expect(there(join(root, "plain", "y.bin"))).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("pool", () => {
  /** A call per item that ends when told; says which have started, which run, and the most at once. */
  function calls() {
    const started: number[] = [];
    const finish = new Map<number, { ok(): void; fail(error: Error): void; release(): void }>();
    let running = 0;
    let most = 0;
    const work = (item: number, release: () => void) =>
      new Promise<void>((resolve, reject) => {
        started.push(item);
        most = Math.max(most, ++running);
        const ok = () => {
          running--;
          resolve();
        };
        const fail = (error: Error) => {
          running--;
          reject(error);
        };
        finish.set(item, { ok, fail, release });
      });
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    return { started, finish: (item: number) => finish.get(item), work, turn, most: () => most };
  }

  it("runs the items in order, at most `concurrency` at a time", async () => {
    const c = calls();
    const all = pool([1, 2, 3, 4, 5], 2, c.work);
    await c.turn();
    expect(c.started).toEqual([1, 2]);
    c.finish(2)?.ok();
    await c.turn();
    expect(c.started).toEqual([1, 2, 3]);
    for (const item of [1, 3, 4, 5]) {
      c.finish(item)?.ok();
      await c.turn();
    }
    await all;
    expect(c.started).toEqual([1, 2, 3, 4, 5]);
    expect(c.most()).toBe(2);
  });

  it("starts the next item when a call releases its place, and waits for every call", async () => {
    const c = calls();
    let settled = false;
    const all = pool([1, 2, 3], 1, c.work).then(() => {
      settled = true;
    });
    await c.turn();
    expect(c.started).toEqual([1]);
    c.finish(1)?.release();
    await c.turn();
    expect(c.started).toEqual([1, 2]);
    // Item 2 ended, item 1 not yet: the place holds one released call, so item 3 waits for it.
    c.finish(2)?.ok();
    await c.turn();
    expect(c.started).toEqual([1, 2]);
    c.finish(1)?.ok();
    await c.turn();
    expect(c.started).toEqual([1, 2, 3]);
    // Item 3 gave up its place but has not ended: the pool has not either.
    c.finish(3)?.release();
    await c.turn();
    expect(settled).toBe(false);
    c.finish(3)?.ok();
    await all;
    expect(c.most()).toBe(2);
  });

  it("runs at most twice `concurrency` calls, however fast they release", async () => {
    const c = calls();
    const all = pool([1, 2, 3, 4, 5, 6], 2, c.work);
    await c.turn();
    for (const item of [1, 2]) c.finish(item)?.release();
    await c.turn();
    expect(c.started).toEqual([1, 2, 3, 4]);
    for (const item of [3, 4]) c.finish(item)?.release();
    await c.turn();
    expect(c.started).toEqual([1, 2, 3, 4]);
    c.finish(1)?.ok();
    await c.turn();
    expect(c.started).toEqual([1, 2, 3, 4, 5]);
    for (const item of [2, 3, 4, 5, 6]) {
      c.finish(item)?.ok();
      await c.turn();
    }
    await all;
    expect(c.started).toEqual([1, 2, 3, 4, 5, 6]);
    expect(c.most()).toBe(4);
  });

  it("passes on a failure once every call has ended, a released one too", async () => {
    const c = calls();
    let outcome: unknown;
    const all = pool([1, 2, 3], 2, c.work).catch((error: unknown) => {
      outcome = error;
    });
    await c.turn();
    c.finish(1)?.release();
    await c.turn();
    c.finish(1)?.fail(new Error("item 1 did not verify"));
    c.finish(2)?.ok();
    await c.turn();
    expect(outcome).toBeUndefined();
    c.finish(3)?.ok();
    await all;
    expect(outcome).toEqual(new Error("item 1 did not verify"));
    expect(c.started).toEqual([1, 2, 3]);
  });

  it("starts nothing new once the signal is aborted", async () => {
    const c = calls();
    const controller = new AbortController();
    const all = pool([1, 2, 3], 1, c.work, controller.signal);
    await c.turn();
    c.finish(1)?.release();
    controller.abort();
    await c.turn();
    c.finish(1)?.ok();
    await all;
    expect(c.started).toEqual([1]);
  });
});

describe("explain", () => {
  const site = { method: "GET", path: "https://api.buildkite.com/v2/organizations/acme/pipelines", attempts: 6 };
  it("names what failed under fetch's own words", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const error = new NetworkError(site, new TypeError("fetch failed", { cause: refused }));
    expect(explain(error)).toBe(
      `GET ${site.path}: network failure (attempt 6) (connect ECONNREFUSED 127.0.0.1:1)\n  Check the network and --base-url.`,
    );
  });
  it("falls back on the code of a cause without a message, then on the outer message", () => {
    const both = Object.assign(new AggregateError([], ""), { code: "ECONNREFUSED" });
    expect(explain(new NetworkError(site, new TypeError("fetch failed", { cause: both })))).toContain("(ECONNREFUSED)");
    expect(explain(new NetworkError(site, new TypeError("fetch failed")))).toContain("(fetch failed)");
    expect(explain(new NetworkError(site, "not an error"))).toBe(
      `GET ${site.path}: network failure (attempt 6)\n  Check the network and --base-url.`,
    );
  });
});
