/**
 * A project outside the workspace that installs this repository's packages from their packed
 * tarballs with npm, as a user installs them from the registry.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { cleanEnv } from "./env.js";

const exec = promisify(execFile);

export interface PackedProjectOptions {
  /** Folders of workspace packages to pack and install (with what they need from the workspace). */
  packages: readonly string[];
  /** Registry packages beside them, by exact version (typescript, vitest, ...). */
  registry?: Record<string, string>;
  /** Other package.json fields (`type`, ...). */
  manifest?: Record<string, unknown>;
  /** Files to write into the project, by relative path. */
  files?: Record<string, string>;
}

export interface PackedProject {
  dir: string;
  /** Runs a command in the project with a user's environment; rejects with its output on failure. */
  run(file: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }>;
  remove(): Promise<void>;
}

export async function packedProject(options: PackedProjectOptions): Promise<PackedProject> {
  const dir = await mkdtemp(join(tmpdir(), "ci-artifacts-consumer-"));
  const env = cleanEnv();
  const run = async (file: string, args: readonly string[], cwd = dir) => {
    try {
      return await exec(file, [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const { stdout = "", stderr = "", message } = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`${file} ${args.join(" ")} (in ${cwd}) failed: ${message}\n${stdout}${stderr}`);
    }
  };
  try {
    const dependencies: Record<string, string> = {};
    for (const folder of options.packages) {
      const before = new Set(await readdir(dir));
      await run("pnpm", ["pack", "--pack-destination", dir], resolve(folder));
      const tarball = (await readdir(dir)).find((file) => file.endsWith(".tgz") && !before.has(file));
      if (!tarball) throw new Error(`pnpm pack in ${folder} left no tarball`);
      const { name } = JSON.parse(await readFile(join(resolve(folder), "package.json"), "utf8")) as { name: string };
      dependencies[name] = `file:./${tarball}`;
    }
    const manifest = {
      name: "consumer",
      private: true,
      ...options.manifest,
      dependencies: { ...dependencies, ...options.registry },
    };
    await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const [path, text] of Object.entries(options.files ?? {})) await writeFile(join(dir, path), text);
    await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    run: (file, args) => run(file, args),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
