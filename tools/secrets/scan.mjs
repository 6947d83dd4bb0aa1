// Scans for secrets with secretlint: every file git tracks, plus what we ship
// that git does not track (the bundled descriptions and the built docs site).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
const bin = path.join(here, "node_modules", ".bin", "secretlint");
const config = path.join(here, "secretlintrc.json");

/** Built outputs that must be scanned too; each must exist. */
export const builtOutputs = ["packages/openapi/dist", "packages/docs/dist"];

/** Runs secretlint over `files` (relative to `cwd`); returns its exit status and report. */
export function scan(cwd, files) {
  const result = spawnSync(bin, ["--secretlintrc", config, "--format", "stylish", "--no-color", ...files], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function main() {
  const tracked = spawnSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" });
  if (tracked.status !== 0) {
    console.error(`secrets: git ls-files failed in ${repoRoot}: ${tracked.stderr}`);
    process.exit(2);
  }
  const files = tracked.stdout.split("\0").filter((file) => file && existsSync(path.join(repoRoot, file)));
  for (const dir of builtOutputs) {
    const full = path.join(repoRoot, dir);
    if (!existsSync(full)) {
      console.error(`secrets: ${dir} does not exist; run \`pnpm build\` first`);
      process.exit(2);
    }
    files.push(...walk(full).map((file) => path.relative(repoRoot, file)));
  }
  const { status, output } = scan(repoRoot, files);
  process.stdout.write(output);
  console.log(`secrets: scanned ${files.length} files, ${status === 0 ? "no findings" : "FINDINGS above"}`);
  process.exit(status ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
