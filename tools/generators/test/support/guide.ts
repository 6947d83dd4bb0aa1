/**
 * The "Generating your own client" section of `@ci-artifacts/openapi`'s README, read as the
 * tests' one source of commands and files: what a reader copies is what the tests run.
 */
import { readFileSync } from "node:fs";
import { InputError } from "@ci-artifacts/spec";

export const GUIDE_HEADING = "## Generating your own client";

/** `npm install` lines: the packages and exact versions a reader installs. */
export interface InstallBlock {
  kind: "install";
  line: number;
  packages: { name: string; version: string }[];
}

/** Shell commands, run as written in the reader's project. */
export interface CommandBlock {
  kind: "commands";
  line: number;
  script: string;
}

/** A file whose first line is a comment naming its path in the project (`// src/download.ts`). */
export interface FileBlock {
  kind: "file";
  line: number;
  path: string;
  text: string;
}

export type Block = InstallBlock | CommandBlock | FileBlock;

export interface GuidePart {
  /** The `###` heading's text; the shared part before the first one has none. */
  title: string;
  line: number;
  blocks: Block[];
}

export interface Guide {
  file: string;
  shared: GuidePart;
  parts: GuidePart[];
}

export function readGuide(file: string): Guide {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, file);
  }
  return parseGuide(text, file);
}

export function parseGuide(markdown: string, file: string): Guide {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.trim() === GUIDE_HEADING);
  if (start < 0) throw new InputError(`no "${GUIDE_HEADING}" section`, file);
  const shared: GuidePart = { title: "", line: start + 1, blocks: [] };
  const parts: GuidePart[] = [];
  let part = shared;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^## /.test(line)) break;
    if (/^### /.test(line)) {
      part = { title: line.slice(4).trim(), line: i + 1, blocks: [] };
      parts.push(part);
      continue;
    }
    const fence = /^```(\S*)\s*$/.exec(line);
    if (!fence) continue;
    const body: string[] = [];
    const open = i;
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ""); i++) body.push(lines[i] ?? "");
    if (i >= lines.length) throw new InputError("code block never closed", file, open + 1);
    part.blocks.push(toBlock(fence[1] ?? "", body, file, open + 1));
  }
  if (parts.length === 0) throw new InputError(`"${GUIDE_HEADING}" has no "###" part per generator`, file, start + 1);
  return { file, shared, parts };
}

function toBlock(lang: string, body: string[], file: string, line: number): Block {
  const content = body.join("\n");
  if (lang === "sh") {
    const commands = body.filter((l) => l.trim() !== "");
    if (commands.length > 0 && commands.every((l) => l.startsWith("npm install "))) {
      return { kind: "install", line, packages: commands.flatMap((l) => installSpecs(l, file, line)) };
    }
    if (commands.some((l) => l.startsWith("npm install "))) {
      throw new InputError("put `npm install` in a block of its own: install blocks are checked, not run", file, line);
    }
    return { kind: "commands", line, script: `${content}\n` };
  }
  const path = /^\/\/ (\S+)$/.exec(body[0] ?? "")?.[1];
  if (path) {
    if (path.startsWith("/") || path.split("/").includes("..")) {
      throw new InputError(`file path ${path} must stay inside the project`, file, line + 1);
    }
    return { kind: "file", line, path, text: `${content}\n` };
  }
  throw new InputError(
    `a \`${lang || "plain"}\` block must be \`sh\` or start with a comment naming its file (// src/name.ts)`,
    file,
    line,
  );
}

function installSpecs(command: string, file: string, line: number): { name: string; version: string }[] {
  return command
    .split(/\s+/)
    .slice(2)
    .filter((word) => !word.startsWith("-"))
    .map((spec) => {
      const match = /^(@?[^@\s]+)@(\d+\.\d+\.\d+)$/.exec(spec);
      if (!match) throw new InputError(`install ${spec}: give an exact version (name@1.2.3)`, file, line);
      return { name: match[1] ?? "", version: match[2] ?? "" };
    });
}
