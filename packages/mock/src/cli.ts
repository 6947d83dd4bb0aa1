#!/usr/bin/env node
import { InputError } from "@ci-artifacts/spec";
import { parseCommand, USAGE, UsageError } from "./cli/args.js";
import { banner } from "./cli/banner.js";
import { listOperations } from "./cli/list.js";
import { FaultSyntaxError } from "./faults/config.js";
import { DataError } from "./profiles/types.js";
import { startTwin } from "./twin/start.js";

// A reader that goes away (`ci-artifacts-mock buildkite --log 2>&1 | head`) closes the pipe: the
// twin ends quietly with 141, as a command SIGPIPE ends, rather than on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(141);
  });
}

function exit(code: number, message: string): never {
  process.stderr.write(`ci-artifacts-mock: ${message}\n`);
  process.exit(code);
}

let command: ReturnType<typeof parseCommand>;
try {
  command = parseCommand(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exit(2, `${error.message}\n\n${USAGE}`);
}

if (command.kind === "help") {
  process.stdout.write(`${USAGE}\n`);
} else if (command.kind === "list") {
  process.stdout.write(`${command.apis.map(listOperations).join("\n\n")}\n`);
} else {
  const { api, options, log, customToken } = command;
  if (log) {
    options.onRequest = (request) => {
      // Path only: a query could carry anything, and headers are never logged.
      setImmediate(() =>
        process.stderr.write(
          `${request.listener} ${request.method} ${request.url.split("?")[0]} -> ${request.fault ? `fault ${request.fault}` : (request.status ?? "-")}\n`,
        ),
      );
    };
  }
  try {
    const twin = await startTwin(api, options);
    process.stdout.write(`${banner(twin, options, customToken)}\n`);
    const stop = () => {
      twin.close().then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } catch (error) {
    if (error instanceof FaultSyntaxError) exit(2, `--faults: ${error.message}`);
    if (error instanceof DataError || error instanceof InputError) exit(2, `--data: ${error.message}`);
    if (error instanceof RangeError || error instanceof TypeError) exit(2, error.message);
    exit(1, (error as Error).message);
  }
}
