// Another project's vitest suite, as the README shows it: a project outside the workspace installs
// the packed tarballs with npm (Ajv, vitest and the rest from the registry), type-checks the
// README's example and runs it with its own vitest.
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { cleanEnv } from "@ci-artifacts/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A user's shell has none of the npm_config_* settings pnpm hands its scripts.
const consumerEnv = cleanEnv();
const exec = promisify(execFile);
const run = (file: string, args: string[], cwd: string) => exec(file, args, { cwd, env: consumerEnv });
const require = createRequire(import.meta.url);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "ci-artifacts-contract-consumer-"));
  // The contract depends on the descriptions and the document model, which are not on the registry either.
  for (const dir of ["../../../openapi/", "../../../spec/", "../../"])
    await run("pnpm", ["pack", "--pack-destination", project], here(dir));
  const tarballs = (await readdir(project)).filter((file) => file.endsWith(".tgz"));
  const tarball = (name: string) => `file:./${tarballs.find((file) => file.startsWith(`ci-artifacts-${name}-`))}`;
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      devDependencies: {
        "@ci-artifacts/contract": tarball("contract"),
        "@ci-artifacts/openapi": tarball("openapi"),
        "@ci-artifacts/spec": tarball("spec"),
        vitest: version("vitest"),
        typescript: version("typescript"),
      },
    }),
  );
  await writeFile(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { module: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: true },
    }),
  );
  await copyFile(here("../../examples/artifact-store.test.ts"), join(project, "artifact-store.test.ts"));
  await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], project);
});

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe("a project outside the workspace", () => {
  it("installs the package with registry dependencies and the published document model only", async () => {
    const installed = JSON.parse(
      await readFile(join(project, "node_modules/@ci-artifacts/contract/package.json"), "utf8"),
    ) as {
      dependencies: Record<string, string>;
    };
    expect(Object.entries(installed.dependencies).filter(([, spec]) => !/^\d+\.\d+\.\d+$/.test(spec))).toEqual([]);
    expect(
      Object.keys(installed.dependencies)
        .filter((name) => name.startsWith("@ci-artifacts/"))
        .sort(),
    ).toEqual(["@ci-artifacts/openapi", "@ci-artifacts/spec"]);
  });

  it("type-checks the README's example", async () => {
    const { stdout, stderr } = await run(join(project, "node_modules/.bin/tsc"), ["-p", "."], project).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(stdout + stderr).toBe("");
  });

  it("runs it with its own vitest", async () => {
    const { stdout } = await run(join(project, "node_modules/.bin/vitest"), ["run", "--reporter=json"], project);
    const report = JSON.parse(stdout) as { numTotalTests: number; numPassedTests: number };
    expect({ total: report.numTotalTests, passed: report.numPassedTests }).toEqual({ total: 4, passed: 4 });
  });
});
