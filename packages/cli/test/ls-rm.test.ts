// `buildkite ls` and `buildkite rm` against the twin: a table on a terminal and NDJSON in a pipe;
// rm lists on --dry-run, refuses without --yes when nobody can be asked, asks on a terminal, and
// deletes (the twin lists them gone).
import { startTwin, type Twin } from "@ci-artifacts/mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, inTerminal, run, start } from "./support.js";

const BUILD = { org_slug: "acme", pipeline_slug: "web", build_number: 42 };
const JOB_A = "aae578fe-994c-44e6-84da-4102616928ba";
const JOB_B = "ea3cfae9-a565-4353-8a5e-16436c164e43";
const ARTIFACTS = [
  { path: "dist/app.js", job_id: JOB_A, content: "console.log(1)\n" },
  { path: "dist/app.css", job_id: JOB_A, content: "body{}\n" },
  { path: "dist/assets/logo.svg", job_id: JOB_A, content: "<svg/>\n" },
  { path: "logs/build.log", job_id: JOB_A, content: "ok\n" },
  { path: "logs/test.log", job_id: JOB_B, content: "ok\n" },
  { path: "logs/crash.log", job_id: JOB_B, state: "error", file_size: 2048 },
  { path: "tmp/cache.bin", job_id: JOB_B, file_size: 4096 },
];

let twin: Twin<"buildkite">;
const env = () => ({ BUILDKITE_API_TOKEN: twin.token });
const bk = (...args: string[]) => ["buildkite", ...args, "--base-url", twin.url];
const paths = () => (twin.data().builds[0]?.artifacts ?? []).map((a) => a.path);

beforeAll(assertBuilt);
beforeEach(async () => {
  await twin?.close();
  twin = await startTwin("buildkite", { data: { api: "buildkite", builds: [{ ...BUILD, artifacts: ARTIFACTS }] } });
});
afterAll(async () => {
  await twin?.close();
});

describe("buildkite ls", () => {
  it("writes NDJSON when stdout is not a terminal: one artifact as the API gives it per line", async () => {
    const { code, stdout, stderr } = await run(bk("ls", "acme/web/42"), { env: env() });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual(twin.seed.builds[0]?.artifacts);
  });

  it("filters by glob, state and job (a job also from the build URL's fragment)", async () => {
    const ran = async (...args: string[]) => {
      const { code, stdout } = await run(bk("ls", ...args), { env: env() });
      expect(code).toBe(0);
      return stdout
        .trimEnd()
        .split("\n")
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { path: string }).path);
    };
    expect(await ran("acme/web/42", "--glob", "dist/**")).toEqual([
      "dist/app.js",
      "dist/app.css",
      "dist/assets/logo.svg",
    ]);
    expect(await ran("acme/web/42", "--glob", "dist/*")).toEqual(["dist/app.js", "dist/app.css"]);
    expect(await ran("acme/web/42", "--glob", "logs/*.log", "--state", "finished")).toEqual([
      "logs/build.log",
      "logs/test.log",
    ]);
    expect(await ran("acme/web/42", "--job", JOB_B)).toEqual(["logs/test.log", "logs/crash.log", "tmp/cache.bin"]);
    expect(await ran(`https://buildkite.com/acme/web/builds/42#${JOB_B}`, "--glob", "logs/**")).toEqual([
      "logs/test.log",
      "logs/crash.log",
    ]);
  });

  it("--format table prints the table anywhere", async () => {
    const { code, stdout, stderr } = await run(bk("ls", "acme/web/42", "--glob", "logs/**", "--format", "table"), {
      env: env(),
    });
    expect(code).toBe(0);
    const ids = Object.fromEntries((twin.seed.builds[0]?.artifacts ?? []).map((a) => [a.path, a.id]));
    expect(stdout).toBe(
      [
        "PATH               SIZE  STATE     JOB                                   ID",
        `logs/build.log      3 B  finished  ${JOB_A}  ${ids["logs/build.log"]}`,
        `logs/test.log       3 B  finished  ${JOB_B}  ${ids["logs/test.log"]}`,
        `logs/crash.log  2.0 KiB  error     ${JOB_B}  ${ids["logs/crash.log"]}`,
        "",
      ].join("\n"),
    );
    expect(stderr).toBe("3 artifacts, 2.0 KiB\n");
  });

  it("prints a table on a terminal without being asked", async () => {
    const terminal = inTerminal(bk("ls", "acme/web/42", "--glob", "dist/*"), { env: env() });
    const { code, stdout } = await terminal.done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PATH +SIZE +STATE +JOB +ID\r\ndist\/app\.js +15 B +finished /);
    expect(stdout).not.toContain("{");
  });

  it("--json (as --format json) writes NDJSON on a terminal too; with --format table it is refused", async () => {
    const terminal = inTerminal(bk("ls", "acme/web/42", "--glob", "dist/*", "--json"), { env: env() });
    const { code, stdout } = await terminal.done;
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split("\r\n")
        .map((line) => (JSON.parse(line) as { path: string }).path),
    ).toEqual(["dist/app.js", "dist/app.css"]);
    const both = await run(bk("ls", "acme/web/42", "--json", "--format", "table"), { env: env() });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("ci-artifacts: --json and --format table ask for different outputs: give one\n");
  });

  it("says which build has no match, and exits 0", async () => {
    const { code, stdout, stderr } = await run(bk("ls", "acme/web/42", "--glob", "nothing/**", "--format", "table"), {
      env: env(),
    });
    expect({ code, stdout, stderr }).toEqual({
      code: 0,
      stdout: "",
      stderr: "no artifacts matching nothing/** in build acme/web/42\n",
    });
  });

  it("names a build that does not exist, and what to check", async () => {
    const { code, stderr } = await run(bk("ls", "acme/web/43"), { env: env() });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^ci-artifacts: GET http:\/\/127\.0\.0\.1:\d+\/organizations\/acme\/pipelines\/web\/builds\/43\/artifacts: HTTP 404: .+\n {2}Nothing there: check the organization, pipeline and build number/,
    );
  });
});

describe("a reader that stops early", () => {
  it("ends the run quietly with 141, as SIGPIPE ends a command, asking for no more pages", async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ path: `dist/part-${i}.bin`, file_size: 16 }));
    const big = await startTwin("buildkite", { data: { api: "buildkite", builds: [{ ...BUILD, artifacts: many }] } });
    try {
      // 30 pages of NDJSON, about 160 KiB: more than a pipe holds, so the command is still writing.
      const { child, done } = start(["buildkite", "ls", "acme/web/42", "--base-url", big.url, "--per-page", "10"], {
        env: { BUILDKITE_API_TOKEN: big.token },
      });
      // `| head -c 1`: the reader takes the first bytes, then closes its end.
      child.stdout?.once("data", () => child.stdout?.destroy());
      const { code, stderr } = await done;
      expect(stderr).toBe("");
      expect(code).toBe(141);
      const pages = big.requests.filter((r) => r.route === "listBuildArtifacts").length;
      expect(pages).toBeGreaterThan(0);
      expect(pages).toBeLessThan(30);
    } finally {
      await big.close();
    }
  });
});

describe("buildkite rm", () => {
  it("--dry-run lists what would be deleted and deletes nothing", async () => {
    const { code, stdout, stderr } = await run(bk("rm", "acme/web/42", "--glob", "logs/**", "--dry-run"), {
      env: env(),
    });
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split("\n")
        .map((line) => line.split(" (")[0]),
    ).toEqual(["would delete logs/build.log", "would delete logs/test.log", "would delete logs/crash.log"]);
    expect(stderr).toBe("dry run: 3 artifacts of build acme/web/42 would be deleted; nothing was\n");
    expect(paths()).toHaveLength(ARTIFACTS.length);
  });

  it("refuses without --yes when not on a terminal, before any delete", async () => {
    const { code, stderr } = await run(bk("rm", "acme/web/42", "--glob", "logs/**"), { env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain(
      "ci-artifacts: refusing to delete 3 artifacts of build acme/web/42 without --yes: there is no terminal to ask on. Run with --dry-run to see them, then with --yes to delete.",
    );
    expect(twin.requests.filter((r) => r.method === "DELETE")).toEqual([]);
    expect(paths()).toHaveLength(ARTIFACTS.length);
  });

  it("--yes deletes them, and the twin lists them gone", async () => {
    const { code, stdout, stderr } = await run(bk("rm", "acme/web/42", "--glob", "logs/**", "--yes"), { env: env() });
    expect(code).toBe(0);
    expect(
      stdout
        .trimEnd()
        .split("\n")
        .map((line) => line.split(" (")[0])
        .sort(),
    ).toEqual(["deleted logs/build.log", "deleted logs/crash.log", "deleted logs/test.log"]);
    expect(stderr).toBe("3 deleted\n");
    expect(paths()).toEqual(["dist/app.js", "dist/app.css", "dist/assets/logo.svg", "tmp/cache.bin"]);
    const listed = await run(bk("ls", "acme/web/42"), { env: env() });
    expect(listed.stdout).not.toContain("logs/");
  });

  it("asks on a terminal: y deletes, anything else deletes nothing", async () => {
    const yes = inTerminal(bk("rm", "acme/web/42", "--glob", "tmp/**"), { env: env() });
    expect(await yes.waitFor("[y/N] ")).toContain("Delete 1 artifact of build acme/web/42?");
    yes.type("y\r");
    expect((await yes.done).code).toBe(0);
    expect(paths()).not.toContain("tmp/cache.bin");

    const no = inTerminal(bk("rm", "acme/web/42", "--glob", "dist/**"), { env: env() });
    await no.waitFor("[y/N] ");
    no.type("\r");
    const { code, stdout } = await no.done;
    expect(code).toBe(1);
    expect(stdout).toContain("nothing deleted");
    expect(paths()).toContain("dist/app.js");
    expect(twin.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
  });

  it("needs a glob: deleting every artifact takes --glob '**'", async () => {
    const { code, stderr } = await run(bk("rm", "acme/web/42", "--yes"), { env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain("error: required option '--glob <pattern>' not specified");
  });
});
