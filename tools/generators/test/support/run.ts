/** Child processes with a reader's environment, their output kept for the report. */
import { execFile } from "node:child_process";
import { cleanEnv } from "@ci-artifacts/test-support";

export interface RunResult {
  code: number;
  output: string;
}

/** Runs `file args` in `cwd`; resolves with its exit code and stdout+stderr, never rejects on a failing exit. */
export function run(
  file: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
  timeoutMs = 300_000,
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      // Colour codes would hide warnings from the log's checks.
      {
        cwd,
        env: { ...cleanEnv(), NO_COLOR: "1", FORCE_COLOR: "0", ...env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: timeoutMs,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        const reason = error && typeof error.code !== "number" ? `\n${error.message}` : "";
        resolve({ code, output: `${stdout}${stderr}${reason}` });
      },
    );
  });
}
