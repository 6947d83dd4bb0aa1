// The command, as a user runs it: the built dist/cli.js in a child process.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the package first (pnpm run build)`);
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** Starts the command and resolves with its first lines once it prints the base URL. */
async function start(args: string[]): Promise<{ child: ChildProcess; url: string; banner: string }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let banner = "";
  child.stdout?.setEncoding("utf8");
  for await (const chunk of child.stdout ?? []) {
    banner += chunk as string;
    const url = /use as baseUrl: (\S+)\n/.exec(banner)?.[1];
    if (url && banner.includes("Ctrl-C")) return { child, url, banner };
  }
  throw new Error(`the command ended before listening: ${banner}`);
}

describe("ci-artifacts-mock", () => {
  it("--help shows the usage with examples", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: ci-artifacts-mock <buddy\|buildkite> \[options\]/);
    expect(stdout).toContain("Examples:\n  ci-artifacts-mock buildkite\n");
  });

  it("--list names each operation and its examples", async () => {
    const { code, stdout } = await run(["buildkite", "--list"]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "GET    /organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/artifacts\n         listBuildArtifacts  List a build's artifacts\n         200      build-artifacts\n",
    );
    expect(stdout).toContain("downloadArtifact");
    expect(stdout).not.toContain("listArtifacts ");
  });

  it.each([
    { name: "no API", given: [], want: "ci-artifacts-mock: name the API to serve" },
    {
      name: "an unknown API",
      given: ["gitlab"],
      want: 'ci-artifacts-mock: unknown API "gitlab": use one of buddy, buildkite',
    },
    {
      name: "a bad port",
      given: ["buddy", "--port", "http"],
      want: 'ci-artifacts-mock: --port must be a whole number in 0..65535, got "http"',
    },
    { name: "an unknown flag", given: ["buddy", "--dynamic"], want: "ci-artifacts-mock: Unknown option '--dynamic'" },
    {
      name: "a bad fault rule",
      given: ["buddy", "--faults", "503:rate=x"],
      want: 'ci-artifacts-mock: --faults: fault rule 1 ("503:rate=x"): rate must be a number from 0 to 1, got "x"',
    },
    {
      name: "a data file that is not there",
      given: ["buddy", "--data", "nope.json"],
      want: "ci-artifacts-mock: --data: nope.json: cannot read file (ENOENT)",
    },
    {
      name: "a per-token budget for Buddy",
      given: ["buddy", "--user-rate-limit", "5"],
      want: "ci-artifacts-mock: --user-rate-limit: only Buildkite has a budget per token",
    },
  ])("exits 2 naming $name", async ({ given, want }) => {
    const { code, stdout, stderr } = await run(given);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr.split("\n")[0]?.startsWith(want), stderr).toBe(true);
  });

  it.each(["SIGINT", "SIGTERM"] as const)(
    "prints the base URL, token and a client snippet, and ends cleanly on %s",
    async (signal) => {
      const { child, url, banner } = await start(["buildkite", "--port", "0", "--artifacts", "5"]);
      expect(banner).toContain("  token:       twin-token\n");
      expect(banner).toContain("  data:        5 artifacts in build my-great-org/my-pipeline/1 (seed 1)\n");
      expect(banner).toContain(
        `curl -H 'Authorization: Bearer twin-token' ${url}/organizations/my-great-org/pipelines/my-pipeline/builds/1/artifacts`,
      );
      expect(banner).toContain(`const client = createBuildkiteClient({ baseUrl: "${url}", token: "twin-token" });`);
      const response = await fetch(`${url}/organizations/my-great-org/pipelines/my-pipeline/builds/1/artifacts`, {
        headers: { authorization: "Bearer twin-token" },
      });
      expect(((await response.json()) as unknown[]).length).toBe(5);
      child.kill(signal);
      const [code, killedBy] = await once(child, "exit");
      expect({ code, killedBy }).toEqual({ code: 0, killedBy: null });
    },
  );

  it("never prints a token given with --token", async () => {
    const { child, banner } = await start(["buddy", "--port", "0", "--token", "my-own-secret-token"]);
    child.kill("SIGTERM");
    await once(child, "exit");
    expect(banner).not.toContain("my-own-secret-token");
    expect(banner).toContain("  token:       <the --token you gave>\n");
  });

  it("ends quietly with 141 once the reader of its log goes away (`--log 2>&1 | head`)", async () => {
    const { child, url } = await start(["buildkite", "--port", "0", "--log"]);
    child.stderr?.destroy();
    const exited = once(child, "exit");
    // Its log line for this request meets the closed pipe.
    await fetch(`${url}/organizations/my-great-org/pipelines/my-pipeline/builds/1/artifacts`, {
      headers: { authorization: "Bearer twin-token" },
    });
    const [code, killedBy] = await exited;
    expect({ code, killedBy }).toEqual({ code: 141, killedBy: null });
  });

  it("--log writes one line per request, without headers or query strings", async () => {
    const { child, url } = await start(["buddy", "--port", "0", "--log"]);
    let log = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      log += chunk;
    });
    await fetch(`${url}/workspaces/my-company/artifacts?project_name=secret-project`, {
      headers: { authorization: "Bearer twin-token" },
    });
    while (!log.includes("\n")) await new Promise((resolve) => setImmediate(resolve));
    child.kill("SIGTERM");
    await once(child, "exit");
    expect(log).toBe("api GET /workspaces/my-company/artifacts -> 200\n");
  });
});
