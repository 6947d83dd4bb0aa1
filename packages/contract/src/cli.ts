#!/usr/bin/env node
import { run } from "./run.js";

// A reader that stops early (`ci-artifacts-contract openapi.json | head`) closes the pipe: the
// command ends quietly with 141, as one SIGPIPE ends, rather than on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(141);
  });
}

try {
  process.exitCode = run(process.argv.slice(2), {
    // Under `pnpm contract`, scripts run in the workspace root; INIT_CWD is where the user was.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
} catch (error) {
  // Exit 1 means "an example failed": anything unforeseen is reported as a failure to check.
  process.stderr.write(`ci-artifacts-contract: could not check the document: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 2;
}
