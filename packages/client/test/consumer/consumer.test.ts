// The acceptance check: a project outside the workspace installs the packed tarball with npm
// (openapi-fetch from the registry), type-checks every example of the README with the strictest
// settings (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, module NodeNext) and a
// script using every operation, and runs each against local servers.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { access, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { cleanEnv } from "@ci-artifacts/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUDDY_TOKEN, type FakeBuddy, startFakeBuddy } from "../support/fake-buddy.js";
import { type FakeBuildkite, JOBS, startFakeBuildkite, TOKEN } from "../support/fake-buildkite.js";

// A user's shell has none of the npm_config_* settings pnpm hands its scripts.
const consumerEnv = cleanEnv();
const exec = promisify(execFile);
const run = (file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) =>
  exec(file, args, { cwd: options.cwd, env: { ...consumerEnv, ...options.env } });
const packageDir = fileURLToPath(new URL("../../", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixture/", import.meta.url));
const require = createRequire(import.meta.url);
// The consumer uses the same compiler and Node types as the workspace, from the registry.
const versions = {
  typescript: (require("typescript/package.json") as { version: string }).version,
  "@types/node": (require("@types/node/package.json") as { version: string }).version,
};

/** How a command ended: its exit code (or why it could not start, such as ENOENT) and its output. */
const outcome = (ran: Promise<{ stdout: string; stderr: string }>) =>
  ran.then(
    ({ stdout, stderr }): { code: unknown; output: string } => ({ code: 0, output: stdout + stderr }),
    (error: { code?: unknown; stdout?: string; stderr?: string }) => ({
      code: error.code,
      output: `${error.stdout ?? ""}${error.stderr ?? ""}`,
    }),
  );

/** Every example the README shows, in the order they run: the examples, then each API's samples, deletes last. */
const readme = await readFile(join(packageDir, "README.md"), "utf8");
const examples = [...readme.matchAll(/<!-- sample: (\S+) -->\n```ts\n/g)]
  .map((m) => m[1] as string)
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
function rank(file: string): number {
  if (file.startsWith("packages/client/examples/")) return 0;
  if (file.endsWith("/deleteArtifact.ts")) return 3;
  return file.startsWith("spec/buddy/") ? 1 : 2;
}
/** spec/buildkite/code_samples/TypeScript/getArtifact.ts -> buildkite-getArtifact */
const nameOf = (file: string) => (file.startsWith("spec/") ? `${file.split("/")[1]}-` : "") + basename(file, ".ts");

// The ids the samples use.
const SAMPLE_ARTIFACT = { job: JOBS[0], id: "76365070-34d5-4104-8b91-952780f8029f" };
const SAMPLE_BUDDY_ARTIFACT = "x5169jL2";

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
  for (const file of ["main.ts", "tsconfig.json", "redirect.mjs"])
    await copyFile(join(fixture, file), join(project, file));
  await mkdir(join(project, "examples"));
  for (const file of examples) await copyFile(join(repoRoot, file), join(project, "examples", `${nameOf(file)}.ts`));
  await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], { cwd: project });
  [buddy, buildkite] = await Promise.all([startFakeBuddy(), startFakeBuildkite({ count: 5 })]);
}, 300_000);

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

  it("type-checks every README example and a script using every operation, with the strictest settings", async () => {
    expect(examples).toHaveLength(13);
    const tsc = join(project, "node_modules/.bin/tsc");
    // This tsc runs and fails on a type error, with the project's settings: a file made to break.
    await writeFile(join(project, "broken.ts"), 'export const count: number = "not a number";\n');
    await writeFile(
      join(project, "tsconfig.broken.json"),
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true }, include: ["broken.ts"] }),
    );
    expect(await outcome(run(tsc, ["-p", "tsconfig.broken.json"], { cwd: project }))).toEqual({
      code: 2,
      output: expect.stringMatching(
        /^broken\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'\./,
      ),
    });
    // So its exit code 0 and silence on the real files say that they type-check.
    expect(await outcome(run(tsc, ["-p", "."], { cwd: project }))).toEqual({ code: 0, output: "" });
  });

  it("runs the script against local servers", async () => {
    const first = buildkite.artifacts[0]!;
    const { stdout } = await run(
      process.execPath,
      [join(project, "out/main.js"), buddy.baseUrl, BUDDY_TOKEN, buildkite.baseUrl, TOKEN],
      { cwd: project },
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

  describe("runs every README example, unchanged, against local servers", () => {
    beforeAll(() => {
      // What the samples name: Buddy's artifact x5169jL2 in project "website", Buildkite's 7636… in job aae5….
      buddy.artifacts.set(SAMPLE_BUDDY_ARTIFACT, {
        id: SAMPLE_BUDDY_ARTIFACT,
        url: `${buddy.baseUrl}/workspaces/acme/artifacts/${SAMPLE_BUDDY_ARTIFACT}`,
        html_url: `https://app.example/acme/-/artifacts/${SAMPLE_BUDDY_ARTIFACT}/versions`,
        name: "site",
        identifier: "site",
        type: "BUCKET",
        scope: "PROJECT",
        project: { name: "website" },
        size: 0,
        created_date: "2026-01-22T09:15:00Z",
      });
      const artifact = buildkite.artifacts[0]!;
      const contents = "the app, built\n";
      const self = `${buildkite.baseUrl}/organizations/acme/pipelines/web/builds/42/jobs/${SAMPLE_ARTIFACT.job}/artifacts/${SAMPLE_ARTIFACT.id}`;
      Object.assign(artifact, {
        id: SAMPLE_ARTIFACT.id,
        job_id: SAMPLE_ARTIFACT.job,
        url: self,
        download_url: `${self}/download`,
        state: "finished",
        file_size: Buffer.byteLength(contents),
        sha1sum: createHash("sha1").update(contents).digest("hex"),
      });
      buildkite.files.set(SAMPLE_ARTIFACT.id, contents);
      // The examples talk to api.buildkite.com (redirected here): so do the URLs in the fake's answers.
      for (const each of buildkite.artifacts) {
        for (const key of ["url", "download_url"] as const) {
          each[key] = each[key].replace(new URL(buildkite.baseUrl).origin, "https://api.buildkite.com");
        }
      }
    });

    it.each(examples.map((file) => ({ name: file, given: nameOf(file) })))("$name", async ({ given }) => {
      const origin = (url: string) => new URL(url).origin;
      const hosts = {
        "https://api.buddy.works": buddy.baseUrl,
        "https://api.eu.buddy.works": buddy.baseUrl,
        "https://buddy.example.com": origin(buddy.baseUrl),
        "https://api.buildkite.com": origin(buildkite.baseUrl),
      };
      const env = {
        BUDDY_TOKEN,
        BUILDKITE_API_TOKEN: TOKEN,
        ARTIFACT_PASSWORD: "a-password",
        CI_ARTIFACTS_HOSTS: JSON.stringify(hosts),
      };
      const { stdout, stderr } = await run(
        process.execPath,
        ["--import", "./redirect.mjs", `out/examples/${given}.js`],
        {
          cwd: project,
          env,
        },
      ).catch((error: { stdout: string; stderr: string; message: string }) => {
        throw new Error(`${given} failed: ${error.message}\n${error.stdout}${error.stderr}`);
      });
      expect(stderr, `${given} wrote to stderr:\n${stdout}`).toBe("");
    });

    it("what they asked for reached the servers, the storage host never with a credential", () => {
      expect(buildkite.storage.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
      expect(buddy.artifacts.has(SAMPLE_BUDDY_ARTIFACT)).toBe(false);
      expect(buildkite.artifacts.some((a) => a.id === SAMPLE_ARTIFACT.id)).toBe(false);
    });
  });
});
