// The acceptance check: a project outside the workspace installs the packed tarball with npm
// (openapi-fetch from the registry), type-checks a script using every operation, and runs it
// against local servers.
import { execFile } from "node:child_process";
import { access, copyFile, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { cleanEnv } from "@ci-artifacts/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUDDY_TOKEN, type FakeBuddy, startFakeBuddy } from "../support/fake-buddy.js";
import { type FakeBuildkite, startFakeBuildkite, TOKEN } from "../support/fake-buildkite.js";

// A user's shell has none of the npm_config_* settings pnpm hands its scripts.
const consumerEnv = cleanEnv();
const exec = promisify(execFile);
const run = (file: string, args: string[], options: { cwd: string }) =>
  exec(file, args, { ...options, env: consumerEnv });
const packageDir = fileURLToPath(new URL("../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixture/", import.meta.url));
const require = createRequire(import.meta.url);
// The consumer uses the same compiler and Node types as the workspace, from the registry.
const versions = {
  typescript: (require("typescript/package.json") as { version: string }).version,
  "@types/node": (require("@types/node/package.json") as { version: string }).version,
};

let project: string;
let buddy: FakeBuddy;
let buildkite: FakeBuildkite;

beforeAll(async () => {
  await access(join(packageDir, "dist", "index.js")).catch(() => {
    throw new Error("packages/client/dist is missing: run `pnpm build` first");
  });
  project = await mkdtemp(join(tmpdir(), "ci-artifacts-consumer-"));
  await run("pnpm", ["pack", "--pack-destination", project], { cwd: packageDir });
  const tarball = (await readdir(project)).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack left no tarball in ${project}`);
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      dependencies: { "@ci-artifacts/client": `file:./${tarball}` },
      devDependencies: versions,
    }),
  );
  await copyFile(join(fixture, "main.ts"), join(project, "main.ts"));
  await copyFile(join(fixture, "tsconfig.json"), join(project, "tsconfig.json"));
  await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], { cwd: project });
  [buddy, buildkite] = await Promise.all([startFakeBuddy(), startFakeBuildkite({ count: 5 })]);
});

afterAll(async () => {
  await Promise.all([buddy?.close(), buildkite?.close()]);
  if (project) await rm(project, { recursive: true, force: true });
});

describe("a consumer outside the workspace", () => {
  it("gets the published files only, with openapi-fetch as the one dependency", async () => {
    const installed = require(join(project, "node_modules/@ci-artifacts/client/package.json")) as {
      dependencies: Record<string, string>;
    };
    expect(installed.dependencies).toEqual({ "openapi-fetch": expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect((await readdir(join(project, "node_modules/@ci-artifacts/client"))).sort()).toEqual([
      "LICENSE",
      "README.md",
      "dist",
      "package.json",
    ]);
  });

  it("type-checks a script using every operation", async () => {
    const { stdout, stderr } = await run(join(project, "node_modules/.bin/tsc"), ["-p", "."], { cwd: project }).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(stdout + stderr).toBe("");
  });

  it("runs it against local servers", async () => {
    const first = buildkite.artifacts[0]!;
    const { stdout } = await run(
      process.execPath,
      [join(project, "out/main.js"), buddy.baseUrl, BUDDY_TOKEN, buildkite.baseUrl, TOKEN],
      {
        cwd: project,
      },
    );
    expect(JSON.parse(stdout)).toEqual({
      buddy: {
        createArtifact: 201,
        listArtifacts: ["site"],
        getArtifact: { type: "BASIC", user: "ci" },
        updateArtifact: "website",
        deleteArtifact: 204,
        notFound: { errors: [{ message: "Artifact not found" }] },
      },
      buildkite: {
        listBuildArtifacts: 5,
        listJobArtifacts: 2,
        getArtifact: first.path,
        getDownloadUrl: `/files/${first.id}`,
        download: `contents of ${first.path}\n`,
        deleteArtifact: 204,
        apiError: { status: 404, body: { message: "No artifact found" } },
      },
    });
    expect(buildkite.storage.requests.map((r) => r.headers.authorization)).toEqual([undefined]);
  });
});
