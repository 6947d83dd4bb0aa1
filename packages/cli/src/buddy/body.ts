/**
 * The body of a Buddy create or update: a JSON file (`--from`), flags over it, checked against
 * the request schema of the bundled description (@ci-artifacts/contract, strict: a field the
 * description does not declare is a typo) before anything is sent. Each problem names its JSON
 * pointer and where the value came from.
 */
import { readFile } from "node:fs/promises";
import type { ContractError } from "@ci-artifacts/contract";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";

export interface BodyFlags {
  from?: string | undefined;
  name?: string | undefined;
  identifier?: string | undefined;
  type?: string | undefined;
  scope?: string | undefined;
  project?: string | undefined;
  environment?: string | undefined;
  authorization?: string | undefined;
}

export type BodyOperation = "createArtifact" | "updateArtifact";

/** Each flag, the body field it sets, and how. */
const FLAGS: { flag: keyof BodyFlags; field: string; value: (text: string) => unknown }[] = [
  { flag: "name", field: "name", value: (text) => text },
  { flag: "identifier", field: "identifier", value: (text) => text },
  { flag: "type", field: "type", value: (text) => text },
  { flag: "scope", field: "scope", value: (text) => text },
  { flag: "project", field: "project", value: (name) => ({ name }) },
  { flag: "environment", field: "environment", value: (id) => ({ id }) },
  { flag: "authorization", field: "authorization", value: (type) => ({ type }) },
];

export async function bodyOf(operation: BodyOperation, flags: BodyFlags, io: Io): Promise<Record<string, unknown>> {
  const body = flags.from === undefined ? {} : await readBodyFile(flags.from);
  hidePasswords(body, io);
  const source = new Map<string, string>();
  for (const key of Object.keys(body)) source.set(key, flags.from as string);
  for (const { flag, field, value } of FLAGS) {
    const given = flags[flag];
    if (given === undefined) continue;
    body[field] = value(given);
    source.set(field, `--${flag}`);
  }
  if (Object.keys(body).length === 0) {
    throw new UsageError(
      operation === "createArtifact"
        ? "no body: give --name, --type and --scope (and more), or --from FILE.json"
        : "nothing to update: give the fields to change as flags (--name, --scope, ...) or --from FILE.json",
    );
  }
  // Loaded here, not at start: the contract kit reads the description, which only Buddy bodies need.
  const { validateRequest } = await import("@ci-artifacts/contract");
  const { errors } = validateRequest("buddy", operation, body, { strict: true });
  if (errors.length > 0) {
    const lines = errors.map((error) => `  ${problemLine(error, source)}`);
    throw new UsageError(
      `the body is not one Buddy's ${operation} accepts; nothing was sent:\n${lines.join("\n")}\n  See --help for the fields.`,
    );
  }
  return body;
}

function problemLine(error: ContractError, source: Map<string, string>): string {
  const top = decodePointer(error.pointer.split("/")[1] ?? "");
  const from = source.get(top);
  const where = from === undefined ? "" : ` (from ${from})`;
  // A password is a secret: its value is never repeated, right or wrong.
  const found =
    "value" in error && error.value !== undefined && !/password/i.test(error.pointer)
      ? ` (found ${JSON.stringify(error.value)})`
      : "";
  return `${error.pointer === "" ? "the body" : error.pointer}${where}: ${error.message}${found}`;
}

function decodePointer(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

async function readBodyFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`--from ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--from ${file}: not JSON: ${(error as Error).message}${position(text, error as Error)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--from ${file}: must hold a JSON object, the body to send`);
  }
  return parsed as Record<string, unknown>;
}

/** Line and column of a JSON.parse error, where Node gives a position. */
function position(text: string, error: Error): string {
  const at = /position (\d+)/.exec(error.message)?.[1];
  if (at === undefined || /line \d+/.test(error.message)) return "";
  const before = text.slice(0, Number(at));
  const line = before.split("\n").length;
  const column = Number(at) - before.lastIndexOf("\n");
  return ` (line ${line}, column ${column})`;
}

/** Every string under a `password` key is a secret of the run. */
function hidePasswords(value: unknown, io: Io): void {
  if (typeof value !== "object" || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (/password/i.test(key) && typeof inner === "string") io.secrets.add(inner);
    else hidePasswords(inner, io);
  }
}
