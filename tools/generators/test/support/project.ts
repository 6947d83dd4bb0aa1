/**
 * A reader's project per generator: the guide's files written, its commands run, cached by
 * everything the generation reads (the guide's blocks, the bundles, the installed versions)
 * so that `pnpm test` generates once.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Generator } from "./generators.js";
import type { Block, Guide, GuidePart } from "./guide.js";
import { run } from "./run.js";

export const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NODE_MODULES = join(PACKAGE_ROOT, "node_modules");
// Outside node_modules: TypeScript does not emit files it resolves under a node_modules folder.
const CACHE = join(PACKAGE_ROOT, ".generated");

export interface Project {
  dir: string;
  /** What the generation printed, as it printed it on the run that filled the cache. */
  log: string;
  /** The guide's blocks for this generator: the shared ones, a file of its own replacing a shared one. */
  blocks: Block[];
}

export function partOf(guide: Guide, generator: Generator): GuidePart {
  const part = guide.parts.find((p) => p.title === generator.title);
  if (!part) throw new Error(`${guide.file}: no "### ${generator.title}" part for ${generator.id}`);
  return part;
}

export function blocksOf(guide: Guide, generator: Generator): Block[] {
  const own = partOf(guide, generator).blocks;
  const ownFiles = new Set(own.flatMap((b) => (b.kind === "file" ? [b.path] : [])));
  return [...guide.shared.blocks.filter((b) => b.kind !== "file" || !ownFiles.has(b.path)), ...own];
}

/** The text of the tsconfig.json the guide gives this generator. */
export function tsconfigOf(guide: Guide, generator: Generator): string {
  const block = blocksOf(guide, generator).find((b) => b.kind === "file" && b.path === "tsconfig.json");
  if (block?.kind !== "file") throw new Error(`${guide.file}: no tsconfig.json for ${generator.id}`);
  return block.text;
}

export function installedVersion(name: string): string {
  const manifest = join(NODE_MODULES, name, "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** Generates into the cache unless an identical generation is there; a failed one is not kept. */
export async function prepareProject(generator: Generator, guide: Guide, bundles: readonly string[]): Promise<Project> {
  const blocks = blocksOf(guide, generator);
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ blocks: blocks.map(({ line: _line, ...b }) => b), type: generator.moduleType }));
  for (const name of generator.packages) hash.update(`${name}@${installedVersion(name)}`);
  for (const bundle of bundles) hash.update(readFileSync(bundle));
  const key = hash.digest("hex").slice(0, 16);
  const home = join(CACHE, generator.id);
  const dir = join(home, key);
  if (existsSync(join(dir, ".complete"))) {
    return { dir, log: await readFile(join(dir, "generate.log"), "utf8"), blocks };
  }
  const scratch = `${dir}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  // The project sees this package's installed generators and runtimes, and the bundles
  // through `node_modules/@ci-artifacts/openapi`, as a reader's project would after `npm install`.
  await symlink(NODE_MODULES, join(scratch, "node_modules"), "dir");
  await writeFile(
    join(scratch, "package.json"),
    `${JSON.stringify({ name: `generated-${generator.id}`, private: true, type: generator.moduleType }, null, 2)}\n`,
  );
  let log = "";
  for (const block of blocks) {
    if (block.kind === "file") {
      await mkdir(dirname(join(scratch, block.path)), { recursive: true });
      await writeFile(join(scratch, block.path), block.text);
    }
  }
  for (const block of blocks) {
    if (block.kind !== "commands") continue;
    const result = await run("bash", ["-euo", "pipefail", "-c", block.script], scratch);
    log += result.output;
    if (result.code !== 0) {
      await rm(scratch, { recursive: true, force: true });
      throw new Error(`${guide.file}:${block.line}: the commands exited with ${result.code}\n${result.output}`);
    }
  }
  await writeFile(join(scratch, "generate.log"), log);
  await writeFile(join(scratch, ".complete"), "");
  // Older generations of this generator are of no further use.
  for (const entry of existsSync(home) ? await readdir(home) : []) {
    if (entry !== key && !entry.startsWith(`${key}.partial-`))
      await rm(join(home, entry), { recursive: true, force: true });
  }
  await rm(dir, { recursive: true, force: true });
  await rename(scratch, dir);
  return { dir, log, blocks };
}
