/**
 * One run of the command: parse, read the token, make the client, run the command, and turn any
 * failure into a line that says what to do and an exit code. Every line written is redacted of
 * the run's secrets.
 */
import { CommanderError } from "commander";
import { buddyCreate, buddyGet, buddyLs, buddyRm, buddyUpdate } from "./buddy/commands.js";
import { download } from "./buildkite/download.js";
import { ls } from "./buildkite/ls.js";
import { rm } from "./buildkite/rm.js";
import { buddyClient, buildkiteClient } from "./clients.js";
import { CliError, EXIT, explain, stoppedCode } from "./errors.js";
import { Io, type IoStreams } from "./io.js";
import { createProgram, type Parsed } from "./program.js";
import { readToken, TOKEN_VARIABLES, tokenFlag } from "./token.js";

/** Runs the command line `argv` (without node and the script) and resolves with the exit code. */
export async function main(argv: readonly string[], streams: IoStreams, signal: AbortSignal): Promise<number> {
  const io = new Io(streams);
  // Known before anything is parsed, so no message of any layer can show them.
  for (const variable of Object.values(TOKEN_VARIABLES)) io.secrets.add(streams.env[variable]);
  const refused = tokenFlag(argv);
  if (refused) {
    io.err(`ci-artifacts: ${refused}`);
    return EXIT.usage;
  }
  let code: number = EXIT.ok;
  let vendor: Parsed["vendor"] | undefined;
  const program = createProgram(io, async (parsed) => {
    vendor = parsed.vendor;
    code = await execute(parsed, io, signal);
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    // Commander has printed its own message (or the help, or the version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (signal.aborted) {
      const code = stoppedCode(signal);
      if (code === EXIT.interrupted) io.err("ci-artifacts: interrupted");
      return code;
    }
    io.err(`ci-artifacts: ${explain(error, vendor)}`);
    return error instanceof CliError ? error.exitCode : EXIT.failed;
  }
}

async function execute(parsed: Parsed, io: Io, signal: AbortSignal): Promise<number> {
  const token = await readToken(parsed.vendor, parsed.options.tokenFile, io);
  const settings = { token, baseUrl: parsed.options.baseUrl, verbose: parsed.options.verbose === true };
  if (parsed.vendor === "buildkite") {
    const context = { io, client: buildkiteClient(io, settings), build: parsed.build, signal };
    switch (parsed.action) {
      case "ls":
        return ls(context, parsed.options);
      case "download":
        return download(context, parsed.options);
      case "rm":
        return rm(context, parsed.options);
    }
  }
  const client = buddyClient(io, { ...settings, region: parsed.options.region });
  const context = { io, client, workspace: parsed.options.workspace, signal };
  switch (parsed.action) {
    case "ls":
      return buddyLs(context, parsed.options);
    case "get":
      return buddyGet(context, parsed.id);
    case "create":
      return buddyCreate(context, parsed.options);
    case "update":
      return buddyUpdate(context, parsed.id, parsed.options);
    case "rm":
      return buddyRm(context, parsed.id, parsed.options);
  }
}
