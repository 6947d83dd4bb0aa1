import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { example, processGone, schemaProperties, violations } from "./support.js";

const JOB = "aae578fe-994c-44e6-84da-4102616928ba";
const DOWNLOAD_URL_PROPERTIES = schemaProperties("buildkite", "DownloadUrl");
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const started: ChildProcess[] = [];

afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
  }
});

function run(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI and resolves with the baseUrl it prints. */
async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let stdout = "";
  child.stdout.setEncoding("utf8");
  for await (const chunk of child.stdout) {
    stdout += chunk;
    const url = /use as baseUrl: (\S+)\n/.exec(stdout)?.[1];
    if (url) return { child, url };
  }
  throw new Error(`the CLI ended without printing a baseUrl; stdout: ${stdout}`);
}

describe("ci-artifacts-mock arguments", () => {
  it.each([
    { name: "no API", given: [], want: { status: 2, stderr: /name the API to mock/ } },
    { name: "an unknown API", given: ["gitlab"], want: { status: 2, stderr: /unknown API "gitlab"/ } },
    { name: "two APIs", given: ["buddy", "buildkite"], want: { status: 2, stderr: /unexpected argument "buildkite"/ } },
    {
      name: "an unknown option",
      given: ["buddy", "--verbose"],
      want: { status: 2, stderr: /Unknown option '--verbose'/ },
    },
    {
      name: "a port that is not a number",
      given: ["buddy", "--port", "http"],
      want: { status: 2, stderr: /--port must be a port number \(0\.\.65535\), got "http"/ },
    },
    {
      name: "a port out of range",
      given: ["buddy", "--port", "65536"],
      want: { status: 2, stderr: /--port must be a port number/ },
    },
    {
      name: "--help",
      given: ["--help"],
      want: { status: 0, stdout: /^Usage: ci-artifacts-mock <buddy\|buildkite> \[--port N\] \[--dynamic\]/ },
    },
  ])("$name: exit $want.status", ({ given, want }) => {
    const result = run(given);
    expect(result.status).toBe(want.status);
    if (want.stderr) expect(result.stderr).toMatch(want.stderr);
    if (want.stdout) expect(result.stdout).toMatch(want.stdout);
  });

  it("a port in use: exit 1 naming the cause", async () => {
    const blocker = createServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const { port } = blocker.address() as AddressInfo;
    try {
      const child = spawn(process.execPath, [CLI, "buddy", "--port", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      started.push(child);
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      const [code] = await once(child, "exit");
      expect({ code, stderr }).toMatchObject({ code: 1, stderr: expect.stringMatching(/did not start: .*EADDRINUSE/) });
    } finally {
      blocker.close();
    }
  });
});

describe("ci-artifacts-mock buildkite", () => {
  it("prints the baseUrl; the build's artifacts there are the build-artifacts example; SIGTERM ends it all", async () => {
    const { child, url } = await startCli(["buildkite", "--port", "0"]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${url}/organizations/a/pipelines/b/builds/1/artifacts`, {
      headers: { authorization: "Bearer x" },
    });
    expect({ status: response.status, violations: violations(response), body: await response.json() }).toEqual({
      status: 200,
      violations: [],
      body: example("buildkite", "build-artifacts"),
    });

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    await expect(fetch(`${url}/organizations/a/pipelines/b/builds/1/artifacts`)).rejects.toThrow(TypeError);
  });

  it("--dynamic answers with data generated from the schema, without made-up properties", async () => {
    const { url } = await startCli(["buildkite", "--port", "0", "--dynamic"]);
    // The download's small body is where json-schema-faker, left to itself, adds properties.
    const response = await fetch(`${url}/organizations/a/pipelines/b/builds/1/jobs/${JOB}/artifacts/${JOB}/download`, {
      headers: { authorization: "Bearer x", prefer: "code=302" },
      redirect: "manual",
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect({ status: response.status, violations: violations(response) }).toEqual({ status: 302, violations: [] });
    expect(body).not.toEqual(example("buildkite", "download-url"));
    expect(Object.keys(body)).toEqual(DOWNLOAD_URL_PROPERTIES);
  });
});

describe("Prism never outlives the process that started it", () => {
  it("ends when its parent is killed with SIGKILL", async () => {
    const script = `
      import { startMock } from "@ci-artifacts/mock";
      const mock = await startMock("buddy");
      process.stdout.write(String(mock.pid) + "\\n");
      setInterval(() => {}, 1 << 30);
    `;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    });
    started.push(parent);
    parent.stdout.setEncoding("utf8");
    let out = "";
    for await (const chunk of parent.stdout) {
      out += chunk;
      if (out.includes("\n")) break;
    }
    const prismPid = Number(out.trim());
    expect(prismPid).toBeGreaterThan(0);

    parent.kill("SIGKILL");
    await once(parent, "exit");
    await processGone(prismPid);
  });
});
