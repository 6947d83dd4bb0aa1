#!/usr/bin/env node
// ci-artifacts-release spec-diff | version
//   spec-diff  the breaking-change gate (root script `spec:diff`)
//   version    the step after `changeset version` (root script `release:version`)
import { specDiff } from "./gate.js";
import { releaseVersion } from "./release-version.js";

const usage = "usage: ci-artifacts-release <spec-diff|version>";

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case "spec-diff": {
      const result = await specDiff();
      for (const line of result.report) console.log(line);
      // One stream, so that the errors follow the report in order.
      for (const line of result.errors) console.log(`spec:diff: ${line}`);
      console.log(result.ok ? "spec:diff: passed" : "spec:diff: FAILED");
      return result.ok ? 0 : 1;
    }
    case "version": {
      for (const line of releaseVersion().messages) console.log(`release:version: ${line}`);
      return 0;
    }
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
