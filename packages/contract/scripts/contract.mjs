// `pnpm contract <file>` in this repository: the package's command, built first when its sources or
// those of @ci-artifacts/spec (which it imports) changed since their last build. Turbo builds; file
// times decide whether to ask it, since a cached turbo run still costs a node start and a hash of
// the workspace on every call.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stale } from "./freshness.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const packages = ["../", "../../spec/"].map((dir) => fileURLToPath(new URL(dir, import.meta.url)));

if (stale(packages)) {
  // Build output goes to stderr: stdout is the command's own. Under `pnpm contract`, pnpm names
  // itself in npm_execpath, which runs on any platform with this node.
  const args = ["exec", "turbo", "run", "build", "--filter=@ci-artifacts/contract", "--output-logs=errors-only"];
  const pnpm = process.env.npm_execpath;
  const build = pnpm
    ? spawnSync(process.execPath, [pnpm, ...args], { cwd: root, stdio: ["ignore", 2, 2] })
    : spawnSync("pnpm", args, { cwd: root, stdio: ["ignore", 2, 2], shell: process.platform === "win32" });
  if (build.status !== 0) {
    process.stderr.write(`contract: the build failed (${build.error?.message ?? `exit ${build.status}`})\n`);
    process.exit(2);
  }
}
await import("../dist/cli.js");
