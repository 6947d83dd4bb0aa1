// What a user gets: a project outside the workspace installs the packed tarballs with npm (Prism
// from the registry, with no overrides of its own), and runs the CLI from node_modules/.bin.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { cleanEnv } from "@ci-artifacts/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { example, violations } from "../support.js";

// A user's shell has none of the npm_config_* settings pnpm hands its scripts.
const consumerEnv = cleanEnv();
const exec = promisify(execFile);
const run = (file: string, args: string[], cwd: string) => exec(file, args, { cwd, env: consumerEnv });
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

let project: string;
let cli: ChildProcess | undefined;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "ci-artifacts-mock-consumer-"));
  // The mock depends on the descriptions package, which is not on the registry either.
  for (const dir of ["../../../openapi/", "../../"])
    await run("pnpm", ["pack", "--pack-destination", project], here(dir));
  const tarballs = (await readdir(project)).filter((file) => file.endsWith(".tgz"));
  const tarball = (name: string) => `file:./${tarballs.find((file) => file.startsWith(`ci-artifacts-${name}-`))}`;
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      devDependencies: { "@ci-artifacts/mock": tarball("mock"), "@ci-artifacts/openapi": tarball("openapi") },
    }),
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], project);
});

afterAll(async () => {
  if (cli && cli.exitCode === null && cli.signalCode === null) {
    cli.kill("SIGTERM");
    await once(cli, "exit");
  }
  if (project) await rm(project, { recursive: true, force: true });
});

async function installedVersion(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(project, "node_modules", name, "package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

describe("a project outside the workspace", () => {
  it("gets the Prism releases that run on Node 20, without overrides of its own", async () => {
    const names = [
      "@stoplight/prism-cli",
      "@stoplight/prism-http-server",
      "@stoplight/prism-http",
      "@stoplight/prism-core",
    ];
    const installed = Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await installedVersion(name)])),
    );
    expect(installed).toEqual({
      "@stoplight/prism-cli": "5.14.2",
      "@stoplight/prism-http-server": "5.12.2",
      "@stoplight/prism-http": "5.12.0",
      "@stoplight/prism-core": "5.8.0",
    });
  });

  it("runs ci-artifacts-mock buildkite from node_modules/.bin, serving the named list example", async () => {
    cli = spawn(join(project, "node_modules/.bin/ci-artifacts-mock"), ["buildkite", "--port", "0"], {
      cwd: project,
      env: consumerEnv,
      stdio: ["ignore", "pipe", "ignore"],
    });
    let stdout = "";
    let url: string | undefined;
    cli.stdout?.setEncoding("utf8");
    for await (const chunk of cli.stdout ?? []) {
      stdout += chunk as string;
      url = /use as baseUrl: (\S+)\n/.exec(stdout)?.[1];
      if (url) break;
    }
    const response = await fetch(`${url}/organizations/a/pipelines/b/builds/1/artifacts`, {
      headers: { authorization: "Bearer x" },
    });
    expect({ status: response.status, violations: violations(response), body: await response.json() }).toEqual({
      status: 200,
      violations: [],
      body: example("buildkite", "build-artifacts"),
    });
  });
});
