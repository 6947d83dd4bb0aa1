// dist/: the JavaScript bundled by esbuild, the declarations by tsc.
//
// The contract engine (@ci-artifacts/contract-engine) is a private workspace package, so its code
// is bundled in; everything this package declares as a dependency or peer stays an import, so a
// consumer's ajv and vitest are the ones used.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";

const root = new URL("..", import.meta.url);
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
const external = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];

// Whatever the engine depends on must be a dependency here too, or esbuild would inline it (and a
// CommonJS package inlined into ESM can fail at import time).
const engineManifest = require("@ci-artifacts/contract-engine/package.json");
const missing = Object.keys(engineManifest.dependencies ?? {}).filter((name) => !external.includes(name));
if (missing.length > 0) {
  console.error(
    `packages/contract/package.json: add the contract engine's dependencies ${missing.join(", ")} (as "catalog:") to "dependencies"`,
  );
  process.exit(1);
}

rmSync(new URL("dist/", root), { recursive: true, force: true });

await build({
  absWorkingDir: root.pathname,
  entryPoints: ["src/index.ts", "src/vitest.ts"],
  outdir: "dist",
  bundle: true,
  // Both entries share the validator's state (the compiled schemas): one chunk, loaded once.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node20",
  // esbuild also keeps every subpath of these (ajv/dist/2020.js) external.
  external,
  logLevel: "warning",
});

const tsc = require.resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
