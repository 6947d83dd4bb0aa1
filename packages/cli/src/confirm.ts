/**
 * Asking before something that cannot be undone: a question on a terminal, answered with y or
 * yes; without a terminal nobody can answer, so the command refuses unless `--yes` was given.
 */
import { createInterface } from "node:readline/promises";
import { UsageError } from "./errors.js";
import type { Io } from "./io.js";

export async function confirm(io: Io, question: string, what: string, signal: AbortSignal): Promise<boolean> {
  if (!io.interactive) {
    throw new UsageError(
      `refusing to delete ${what} without --yes: there is no terminal to ask on. Run with --dry-run to see them, then with --yes to delete.`,
    );
  }
  const prompt = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await prompt.question(`${io.secrets.redact(question)} [y/N] `, { signal });
    return /^(y|yes)$/i.test(answer.trim());
  } catch (error) {
    if (signal.aborted) return false;
    throw error;
  } finally {
    prompt.close();
  }
}
