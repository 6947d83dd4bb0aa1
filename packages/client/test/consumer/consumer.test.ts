// The acceptance check: a project outside the workspace installs the packed tarball with npm
// (openapi-fetch from the registry), type-checks every example of the README with the strictest
// settings (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, module NodeNext) and a
// script using every operation, and runs each against the twins of both APIs (@ci-artifacts/mock).

import { execFile } from "node:child_process";
import { access, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Twin } from "@ci-artifacts/mock";
import { cleanEnv } from "@ci-artifacts/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  artifactsOf,
  BUDDY_TOKEN,
  BUILDKITE_TOKEN,
  buddyArtifactsOf,
  buddyTwin,
  buildkiteTwin,
  closeTwins,
  storageRequests,
} from "../support/twin.js";

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

// The ids the samples use: the descriptions' examples, which the twins' seeds keep.
const SAMPLE_ARTIFACT = "76365070-34d5-4104-8b91-952780f8029f";
const SAMPLE_BUDDY_ARTIFACT = "x5169jL2";

let project: string;
let buddy: Twin<"buddy">;
let buildkite: Twin<"buildkite">;

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
  [buddy, buildkite] = await Promise.all([buddyTwin(), buildkiteTwin()]);
}, 300_000);

afterAll(async () => {
  await closeTwins();
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

  it("runs the script against the twins", async () => {
    const first = artifactsOf(buildkite)[0]!;
    const { stdout } = await run(
      process.execPath,
      [join(project, "out/main.js"), buddy.url, BUDDY_TOKEN, buildkite.url, BUILDKITE_TOKEN],
      { cwd: project },
    );
    expect(JSON.parse(stdout)).toEqual({
      buddy: {
        createArtifact: 201,
        listArtifacts: [...buddyArtifactsOf(buddy).map((a) => a.name), "site"],
        getArtifact: { type: "BASIC", user: "ci" },
        updateArtifact: "website",
        deleteArtifact: 204,
        notFound: { errors: [{ message: "Artifact not found" }] },
      },
      buildkite: {
        listBuildArtifacts: artifactsOf(buildkite).length,
        listJobArtifacts: artifactsOf(buildkite).filter((a) => a.job_id === first.job_id && a.state === "finished")
          .length,
        getArtifact: first.path,
        getDownloadUrl: `/twin-artifacts/${first.id}/${first.filename}`,
        download: first.sha1sum,
        deleteArtifact: 204,
        apiError: { status: 404, body: { message: "No artifact found" } },
      },
    });
    expect(storageRequests(buildkite).map((r) => r.headers.authorization)).toEqual([undefined]);
    expect(artifactsOf(buildkite, true).some((a) => a.id === first.id)).toBe(false);
  });

  describe("runs every README example, unchanged, against the twins", () => {
    // Twins of their own, as seeded: the script above deleted some of what the samples name.
    let samples: { buddy: Twin<"buddy">; buildkite: Twin<"buildkite"> };
    beforeAll(async () => {
      const [buddySamples, buildkiteSamples] = await Promise.all([buddyTwin(), buildkiteTwin()]);
      samples = { buddy: buddySamples, buildkite: buildkiteSamples };
      // What the samples name: Buddy's artifact x5169jL2 and Buildkite's 7636… in job aae5….
      expect(buddyArtifactsOf(samples.buddy).map((a) => a.id)).toContain(SAMPLE_BUDDY_ARTIFACT);
      expect(artifactsOf(samples.buildkite).find((a) => a.id === SAMPLE_ARTIFACT)).toMatchObject({
        job_id: "aae578fe-994c-44e6-84da-4102616928ba",
        state: "finished",
      });
    });

    it.each(examples.map((file) => ({ name: file, given: nameOf(file) })))("$name", async ({ given }) => {
      // The vendors' hosts, and the roots they serve the API at, on the twins.
      const hosts = {
        "https://api.buddy.works": samples.buddy.url,
        "https://api.eu.buddy.works": samples.buddy.url,
        "https://buddy.example.com": samples.buddy.origin,
        "https://api.buildkite.com": samples.buildkite.origin,
      };
      const env = {
        BUDDY_TOKEN,
        BUILDKITE_API_TOKEN: BUILDKITE_TOKEN,
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

    it("what they asked for reached the twins, the storage host never with a credential", () => {
      const files = storageRequests(samples.buildkite);
      // downloadArtifact's sample, and bulk-download's every finished artifact.
      expect(files.length).toBeGreaterThan(1);
      expect(files.map((r) => ({ status: r.status, authorization: r.headers.authorization }))).toEqual(
        files.map(() => ({ status: 200, authorization: undefined })),
      );
      expect(buddyArtifactsOf(samples.buddy, true).some((a) => a.id === SAMPLE_BUDDY_ARTIFACT)).toBe(false);
      expect(artifactsOf(samples.buildkite, true).some((a) => a.id === SAMPLE_ARTIFACT)).toBe(false);
    });
  });
});
