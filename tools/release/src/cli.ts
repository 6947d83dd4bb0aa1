#!/usr/bin/env node
// ci-artifacts-release spec-diff | version [--root DIR] [--skip-build]
//   spec-diff     the breaking-change gate (root script `spec:diff`): exit 0 passed, 1 refused
//   version       the step after `changeset version` (root script `release:version`)
//   --root        another checkout of the same layout (tests point it at a scratch copy)
//   --skip-build  spec-diff compares the bundles already in packages/openapi/dist
import { parseArgs } from "node:util";
import { specDiff } from "./gate.js";
import { releaseVersion } from "./release-version.js";
import { repoRoot } from "./repo.js";

const usage = "usage: ci-artifacts-release <spec-diff|version> [--root DIR] [--skip-build]";

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`ci-artifacts-release: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const root = values.root ?? repoRoot;
  switch (positionals.length === 1 ? positionals[0] : undefined) {
    case "spec-diff": {
      const result = values["skip-build"] ? await specDiff(root, () => {}) : await specDiff(root);
      for (const line of result.report) console.log(line);
      // One stream, so that the errors follow the report in order.
      for (const line of result.errors) console.log(`spec:diff: ${line}`);
      console.log(result.ok ? "spec:diff: passed" : "spec:diff: FAILED");
      return result.ok ? 0 : 1;
    }
    case "version": {
      for (const line of releaseVersion(root).messages) console.log(`release:version: ${line}`);
      return 0;
    }
    default:
      console.error(usage);
      return 2;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { root: { type: "string" }, "skip-build": { type: "boolean", default: false } },
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`ci-artifacts-release: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
