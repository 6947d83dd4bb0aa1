#!/usr/bin/env node
// `ci-artifacts`: Ctrl-C (SIGINT) or SIGTERM aborts the run, which removes what it was writing
// and exits 130; a second Ctrl-C exits at once. A closed output stops it too (exit 141).
import { CliError, EXIT } from "./errors.js";
import { main } from "./main.js";

const controller = new AbortController();
const stop = (name: string) => {
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  controller.abort(new CliError(`interrupted (${name})`, EXIT.interrupted));
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
// A reader that stops early (`ci-artifacts buildkite ls acme/web/42 | head -1`) closes the pipe: the
// run stops as one SIGPIPE ends (exit 141), quietly, still removing what it was writing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    if (!controller.signal.aborted) controller.abort(new CliError("output closed", EXIT.outputClosed));
  });
}

process.exitCode = await main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env },
  controller.signal,
);
