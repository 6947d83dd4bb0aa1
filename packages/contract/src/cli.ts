#!/usr/bin/env node
import { run } from "./run.js";

process.exitCode = run(process.argv.slice(2), {
  // Under `pnpm contract`, scripts run in the workspace root; INIT_CWD is where the user was.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
