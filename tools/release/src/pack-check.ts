// Checks a workspace package as its users get it: packs it with pnpm (which
// rewrites `workspace:` and `catalog:` versions as publishing does), lints the
// tarball with publint and are-the-types-wrong, looks inside it for files that
// should not ship, installs it with npm into a fresh project outside the
// workspace and resolves every entry of its exports map from there, both as
// `import` and as `require`.
//
// Reusable for any public package: `checkPackedPackage(dir, options)`; pass
// `consumer` to type-check and run a consumer script in the installed project.
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanEnv } from "@ci-artifacts/test-support";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { parse as parseYaml } from "yaml";

const require = createRequire(import.meta.url);
const attwCli = path.join(path.dirname(require.resolve("@arethetypeswrong/cli/package.json")), "dist", "index.js");

export type AttwProfile = "strict" | "node16" | "esm-only";

export interface PackCheckOptions {
  /**
   * Whether the package ships JavaScript with types. attw has nothing to check in
   * a package of data files (it says "does not contain types"); when types are
   * expected, that answer is a failure.
   */
  expectTypes: boolean;
  /** The attw profile: "esm-only" for a package without CommonJS entries. Default "strict". */
  attwProfile?: AttwProfile;
  /** More tarballs or package specs that the consumer project installs first. */
  alsoInstall?: string[];
  /** Runs in the installed consumer project after the exports were checked. */
  consumer?: (project: ConsumerProject) => void | Promise<void>;
  /** Keep the scratch folders for a look after a failure. */
  keep?: boolean;
}

export interface ConsumerProject {
  /** The project folder, outside the workspace, with the tarball installed by npm. */
  dir: string;
  /** Runs a command there with a clean npm environment; throws with its output when it fails. */
  run(command: string, args: string[], options?: SpawnSyncOptions): string;
}

export interface PackCheckReport {
  name: string;
  version: string;
  tarball: string;
  /** Paths inside the tarball, without the `package/` prefix. */
  files: string[];
  /** Each export subpath and the file that `import` and `require.resolve` found for it. */
  exports: { specifier: string; imported: string; required: string }[];
  /** Everything wrong, one line each; empty when the package is fine. */
  problems: string[];
}

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: "utf8", env: cleanEnv(), ...options });
  const output = `${String(result.stdout ?? "")}${String(result.stderr ?? "")}`;
  if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${String(options.cwd ?? process.cwd())}) exited ${result.status}:\n${output}`,
    );
  }
  return String(result.stdout ?? "");
}

/** Files that must not ship: tests, fixtures and source maps. */
const forbidden: { rule: RegExp; why: string }[] = [
  { rule: /(^|\/)(test|tests|__tests__|__mocks__)\//, why: "a test folder" },
  { rule: /(^|\/)(fixtures?|__fixtures__)\//, why: "a fixture folder" },
  { rule: /\.(test|spec)\.[cm]?[jt]sx?$/, why: "a test file" },
  { rule: /(^|\/)vitest\.config\.[cm]?[jt]s$/, why: "a test configuration" },
  { rule: /\.map$/, why: "a source map" },
];

/** Why each of `files` (paths in a tarball) should not ship; empty when none. */
export function unwantedFiles(files: string[]): string[] {
  return files.flatMap((file) =>
    forbidden.filter(({ rule }) => rule.test(file)).map(({ why }) => `${file}: ${why} is in the tarball`),
  );
}

/** `//# sourceMappingURL=` comments in shipped code: with no maps shipped, each points outside the package. */
export function sourceMapReferences(root: string, files: string[]): string[] {
  return files
    .filter((file) => /\.([cm]?js|d\.[cm]?ts)$/.test(file))
    .filter((file) => /^\/\/# sourceMappingURL=/m.test(readFileSync(path.join(root, file), "utf8")))
    .map((file) => `${file}: has a sourceMappingURL comment, but no source map ships`);
}

interface Manifest {
  name: string;
  version: string;
  exports?: unknown;
}

/** The export subpaths of a manifest: `"./a.json"`, or `"."` for the root. */
export function exportSubpaths(manifest: Manifest, files: readonly string[] = []): string[] {
  const { exports } = manifest;
  if (exports === undefined) return ["."];
  if (typeof exports === "string" || Array.isArray(exports)) return ["."];
  const entries = Object.entries(exports as Record<string, unknown>);
  // A conditions object at the top level is the root entry.
  if (!entries.every(([key]) => key.startsWith("."))) return ["."];
  return entries.flatMap(([key, target]) => {
    if (!key.includes("*")) return [key];
    // A pattern ("./*.json": "./dist/*.json") stands for every packed file its target matches.
    if (typeof target !== "string" || !target.includes("*")) return [];
    const [before, after] = target.replace(/^\.\//, "").split("*", 2) as [string, string];
    return files
      .filter((file) => file.startsWith(before) && file.endsWith(after) && file.length >= before.length + after.length)
      .map((file) => key.replace("*", file.slice(before.length, file.length - after.length)));
  });
}

const specifierOf = (name: string, subpath: string): string => (subpath === "." ? name : `${name}/${subpath.slice(2)}`);

/** Parses a resolved file by its extension; returns why it did not parse, or undefined. */
export function parseProblem(file: string): string | undefined {
  const text = readFileSync(file, "utf8");
  try {
    if (file.endsWith(".json")) JSON.parse(text);
    else if (/\.ya?ml$/.test(file)) parseYaml(text);
    return undefined;
  } catch (error) {
    return (error as Error).message.split("\n")[0];
  }
}

async function publintProblems(_packageDir: string, tarball: string): Promise<string[]> {
  const bytes = readFileSync(tarball);
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const { messages, pkg } = await publint({ pack: { tarball: data }, strict: true, level: "suggestion" });
  return messages.map(
    (message) => `publint ${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`,
  );
}

function attwProblems(tarball: string, profile: AttwProfile, expectTypes: boolean): string[] {
  const args = [attwCli, tarball, "--profile", profile, "--format", "json", "--no-color"];
  const result = spawnSync(process.execPath, args, { encoding: "utf8", env: cleanEnv() });
  let analysis: { types?: unknown } | undefined;
  try {
    analysis = (JSON.parse(result.stdout) as { analysis?: { types?: unknown } }).analysis;
  } catch {
    return [
      `attw ${path.basename(tarball)}: no JSON report (exit ${result.status}):\n${result.stdout}${result.stderr}`,
    ];
  }
  const problems: string[] = [];
  if (result.status !== 0) {
    const table = spawnSync(
      process.execPath,
      [attwCli, tarball, "--profile", profile, "--format", "ascii", "--no-color"],
      {
        encoding: "utf8",
        env: cleanEnv(),
      },
    );
    problems.push(`attw --profile ${profile} failed:\n${table.stdout}${table.stderr}`);
  }
  const hasTypes = analysis?.types !== false;
  if (expectTypes && !hasTypes) problems.push("attw: the package ships no types, but types were expected");
  if (!expectTypes && hasTypes) problems.push("attw: the package ships types; check it with expectTypes: true");
  return problems;
}

/** Every regular file under `dir`, as paths relative to it with forward slashes. */
function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), relative);
    return entry.isFile() ? [relative] : [];
  });
}

// Resolves each specifier the way a consumer's code does, in both module systems.
// JSON entries are also loaded (import attributes, require), JS entries imported.
const resolverScript = `
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(import.meta.url);
const out = [];
for (const specifier of JSON.parse(process.argv[2])) {
  const row = { specifier };
  try {
    row.imported = fileURLToPath(import.meta.resolve(specifier));
    if (row.imported.endsWith(".json")) await import(specifier, { with: { type: "json" } });
    else if (/\\.[cm]?js$/.test(row.imported)) await import(specifier);
  } catch (error) { row.importError = String(error.message ?? error).split("\\n")[0]; }
  try {
    row.required = require.resolve(specifier);
    if (row.required.endsWith(".json")) require(specifier);
  } catch (error) { row.requireError = String(error.message ?? error).split("\\n")[0]; }
  out.push(row);
}
process.stdout.write(JSON.stringify(out));
`;

interface ResolvedRow {
  specifier: string;
  imported?: string;
  required?: string;
  importError?: string;
  requireError?: string;
}

/** Packs the package at `packageDir` and checks the tarball as described at the top of this file. */
export async function checkPackedPackage(packageDir: string, options: PackCheckOptions): Promise<PackCheckReport> {
  const scratch = mkdtempSync(path.join(tmpdir(), "ci-artifacts-pack-"));
  try {
    const packed = JSON.parse(run("pnpm", ["pack", "--json", "--pack-destination", scratch], { cwd: packageDir })) as {
      name: string;
      version: string;
      filename: string;
    };
    const tarball = packed.filename;
    const unpacked = path.join(scratch, "unpacked");
    mkdirSync(unpacked);
    run("tar", ["-xzf", tarball, "-C", unpacked]);
    const root = path.join(unpacked, "package");
    const files = listFiles(root).sort();
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Manifest;

    const problems = [
      ...unwantedFiles(files),
      ...sourceMapReferences(root, files),
      ...(await publintProblems(packageDir, tarball)),
      ...attwProblems(tarball, options.attwProfile ?? "strict", options.expectTypes),
    ];

    // The consumer lives in the system temp folder, so no workspace, lockfile or
    // .npmrc of this repository is in reach.
    const dir = path.join(scratch, "consumer");
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, "package.json"),
      `${JSON.stringify({ name: "consumer", version: "0.0.0", private: true, type: "module" }, null, 2)}\n`,
    );
    const project: ConsumerProject = {
      dir,
      run: (command, args, runOptions = {}) => run(command, args, { cwd: dir, ...runOptions }),
    };
    project.run("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      ...(options.alsoInstall ?? []),
      tarball,
    ]);

    const specifiers = exportSubpaths(manifest, files).map((subpath) => specifierOf(manifest.name, subpath));
    const resolverFile = path.join(dir, "resolve-exports.mjs");
    writeFileSync(resolverFile, resolverScript);
    const rows = JSON.parse(project.run(process.execPath, [resolverFile, JSON.stringify(specifiers)])) as ResolvedRow[];
    const installedRoot = path.join(dir, "node_modules", ...manifest.name.split("/"));
    const exportsReport: PackCheckReport["exports"] = [];
    for (const row of rows) {
      if (row.importError) problems.push(`import "${row.specifier}": ${row.importError}`);
      if (row.requireError) problems.push(`require.resolve("${row.specifier}"): ${row.requireError}`);
      for (const file of new Set([row.imported, row.required])) {
        if (file === undefined) continue;
        if (!file.startsWith(installedRoot + path.sep)) {
          problems.push(`"${row.specifier}" resolved outside the installed package: ${file}`);
        } else if (!existsSync(file) || !statSync(file).isFile()) {
          problems.push(
            `"${row.specifier}" resolved to ${path.relative(installedRoot, file)}, which the tarball does not hold`,
          );
        } else {
          const why = parseProblem(file);
          if (why) problems.push(`"${row.specifier}" (${path.relative(installedRoot, file)}) does not parse: ${why}`);
        }
      }
      if (row.imported && row.required) {
        exportsReport.push({
          specifier: row.specifier,
          imported: path.relative(installedRoot, row.imported).split(path.sep).join("/"),
          required: path.relative(installedRoot, row.required).split(path.sep).join("/"),
        });
      }
    }
    if (options.consumer) await options.consumer(project);
    return {
      name: packed.name,
      version: packed.version,
      tarball: path.basename(tarball),
      files,
      exports: exportsReport,
      problems,
    };
  } finally {
    if (!options.keep) rmSync(scratch, { recursive: true, force: true });
  }
}
