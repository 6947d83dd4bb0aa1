/**
 * The token of a run: from the vendor's environment variable, or from a file (`--token-file`),
 * never from a flag's value, which `ps` and shell histories show. Once read it is a secret of the
 * run: every line the command writes is redacted of it.
 */
import { readFile } from "node:fs/promises";
import { UsageError, type Vendor } from "./errors.js";
import type { Io } from "./io.js";

export const TOKEN_VARIABLES: Record<Vendor, string> = { buildkite: "BUILDKITE_API_TOKEN", buddy: "BUDDY_TOKEN" };

const NAMES: Record<Vendor, string> = { buildkite: "Buildkite", buddy: "Buddy" };

export async function readToken(vendor: Vendor, tokenFile: string | undefined, io: Io): Promise<string> {
  const variable = TOKEN_VARIABLES[vendor];
  if (tokenFile !== undefined) {
    let text: string;
    try {
      text = tokenFile === "-" ? await readAll(io.stdin) : await readFile(tokenFile, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`--token-file ${tokenFile}: cannot read it (${code ?? "unreadable"})`);
    }
    const token = text.trim();
    io.secrets.add(token);
    if (token === "")
      throw new UsageError(`--token-file ${tokenFile}: the file is empty; it should hold the token alone`);
    if (/\s/.test(token)) {
      throw new UsageError(
        `--token-file ${tokenFile}: the file holds more than one word; it should hold the token alone`,
      );
    }
    return token;
  }
  const token = io.env[variable]?.trim();
  if (!token) {
    throw new UsageError(
      `no ${NAMES[vendor]} token: set ${variable}, or pass --token-file FILE (a file that holds the token)`,
    );
  }
  io.secrets.add(token);
  return token;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  stream.setEncoding("utf8");
  for await (const chunk of stream) text += chunk as string;
  return text;
}

/**
 * Refuses a token given as a flag before anything parses the command line, so no parser error
 * can echo it. Returns the message, or undefined when there is none.
 */
export function tokenFlag(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (arg === "--") return undefined;
    if (/^--(api-)?token(=|$)/.test(arg) || /^--(buildkite|buddy)-token(=|$)/.test(arg)) {
      return `${arg.split("=")[0]} is not an option: a token on the command line shows in ps and in shell histories. Set ${TOKEN_VARIABLES.buildkite} or ${TOKEN_VARIABLES.buddy}, or pass --token-file FILE.`;
    }
  }
  return undefined;
}
