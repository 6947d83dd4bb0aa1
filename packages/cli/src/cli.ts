#!/usr/bin/env node
// `ci-artifacts`: Ctrl-C (SIGINT) or SIGTERM aborts the run, which removes what it was writing
// and exits 130; a second Ctrl-C exits at once.
import { CliError, EXIT } from "./errors.js";
import { main } from "./main.js";

const controller = new AbortController();
const stop = (name: string) => {
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  controller.abort(new CliError(`interrupted (${name})`, EXIT.interrupted));
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));

process.exitCode = await main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env },
  controller.signal,
);
