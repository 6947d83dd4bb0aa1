/**
 * The command's failures and what it says about them: one line that names the problem, then what
 * to do. Exit codes: 1 the work failed (an API error, a file that did not verify), 2 the command
 * was misused (a bad flag, a missing token, a body the API would refuse), 130 interrupted, 141
 * stopped because the reader of its output went away (`| head`), as a command SIGPIPE ends.
 */
import { ApiError, ClientError, NetworkError, ResponseError, TimeoutError } from "@ci-artifacts/client";

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130, outputClosed: 141 } as const;

export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT.failed) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The exit code of a run `signal` stopped: its reason's (Ctrl-C, or the output closed), else interrupted. */
export function stoppedCode(signal: AbortSignal): number {
  return signal.reason instanceof CliError ? signal.reason.exitCode : EXIT.interrupted;
}

/** The command was used wrongly: exit 2, before any request. */
export class UsageError extends CliError {
  override name = "UsageError";

  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export type Vendor = "buildkite" | "buddy";

const TOKEN_VARIABLE: Record<Vendor, string> = { buildkite: "BUILDKITE_API_TOKEN", buddy: "BUDDY_TOKEN" };

/** What went wrong, in a sentence that says what to do next where there is something to do. */
export function explain(error: unknown, vendor?: Vendor): string {
  if (error instanceof ApiError) {
    const hint = vendor ? apiHint(error.status, vendor) : undefined;
    return hint ? `${error.message}\n  ${hint}` : error.message;
  }
  if (error instanceof TimeoutError) return `${error.message}\n  The server did not answer in time; run again later.`;
  if (error instanceof NetworkError) {
    const cause = innermost(error.cause);
    return `${error.message}${cause ? ` (${cause})` : ""}\n  Check the network and --base-url.`;
  }
  if (error instanceof ResponseError || error instanceof ClientError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The innermost of an error's causes that says something: fetch's "fetch failed" wraps the one
 * that names what failed (`connect ECONNREFUSED 127.0.0.1:443`, `getaddrinfo ENOTFOUND host`).
 */
function innermost(error: unknown): string | undefined {
  let said: string | undefined;
  for (let at = error, depth = 0; at instanceof Error && depth < 8; at = at.cause, depth++) {
    said = at.message || (at as NodeJS.ErrnoException).code || said;
  }
  return said;
}

function apiHint(status: number, vendor: Vendor): string | undefined {
  const variable = TOKEN_VARIABLE[vendor];
  if (status === 401) return `The token was refused: check ${variable} or the file given to --token-file.`;
  if (status === 403) {
    return vendor === "buildkite"
      ? "The token lacks a scope this needs: read_artifacts to list and download, write_artifacts to delete."
      : "The token lacks a scope this needs: ARTIFACT_READ to list and get, ARTIFACT_WRITE to create and update, ARTIFACT_MANAGE to delete.";
  }
  if (status === 404) {
    return vendor === "buildkite"
      ? "Nothing there: check the organization, pipeline and build number (or the build's URL)."
      : "Nothing there: check --workspace, --region (or --base-url) and the artifact's id.";
  }
  if (status === 429) return "Still rate-limited after waiting and retrying: run again in a minute.";
  return undefined;
}
