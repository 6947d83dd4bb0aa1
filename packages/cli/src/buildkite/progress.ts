/**
 * What a download shows while it runs. On a terminal (stderr), bars drawn by cli-progress: the
 * whole job and one per file in flight, with failures printed above them. Otherwise one plain
 * line per file: done and already-there files on stdout, failures on stderr.
 */
import type { MultiBar, SingleBar } from "cli-progress";
import type { Io } from "../io.js";
import { clean, formatSize } from "../output/table.js";

export const PROGRESS = ["bars", "lines"] as const;
export type ProgressMode = (typeof PROGRESS)[number];

export type Outcome =
  | { kind: "downloaded"; bytes: number }
  | { kind: "present" }
  | { kind: "failed"; reason: string }
  | { kind: "refused"; reason: string }
  | { kind: "interrupted" };

export interface Reporter {
  start(path: string, size: number): void;
  progress(path: string, received: number): void;
  finish(path: string, outcome: Outcome): void;
  stop(): void;
}

export function progressModeOf(given: ProgressMode | undefined, io: Io): ProgressMode {
  return given ?? (io.stderr.isTTY === true ? "bars" : "lines");
}

export async function createReporter(mode: ProgressMode, io: Io, files: number): Promise<Reporter> {
  // cli-progress is loaded only when bars are drawn: a run in a pipe starts without it.
  return mode === "bars" ? barsReporter(io, files, (await import("cli-progress")).MultiBar) : linesReporter(io);
}

/** The line a file's outcome gets, and whether it is a failure (stderr). */
export function outcomeLine(path: string, outcome: Outcome): { line: string; failure: boolean } {
  const name = clean(path);
  switch (outcome.kind) {
    case "downloaded":
      return { line: `downloaded ${name} (${formatSize(outcome.bytes)}, size and sha1 verified)`, failure: false };
    case "present":
      return { line: `already there ${name} (size and sha1 verified)`, failure: false };
    case "failed":
      return { line: `failed ${name}: ${outcome.reason}`, failure: true };
    case "refused":
      return { line: `refused ${name}: ${outcome.reason}`, failure: true };
    case "interrupted":
      return { line: `interrupted ${name} (nothing left behind)`, failure: true };
  }
}

function linesReporter(io: Io): Reporter {
  return {
    start() {},
    progress() {},
    finish(path, outcome) {
      const { line, failure } = outcomeLine(path, outcome);
      if (failure) io.err(line);
      else io.out(line);
    },
    stop() {},
  };
}

function barsReporter(io: Io, files: number, Bars: typeof MultiBar): Reporter {
  const multibar = new Bars({
    stream: io.stderr,
    // Drawn on a terminal; asked for elsewhere (--progress bars), redrawn line after line.
    noTTYOutput: true,
    notTTYSchedule: 1000,
    hideCursor: true,
    gracefulExit: false,
    barsize: 24,
    barCompleteChar: "\u2588",
    barIncompleteChar: "\u2591",
    format: "{bar} {name}",
  });
  const overall = multibar.create(files, 0, { name: `0/${files} files` }, { format: "{bar} {name}" });
  const active = new Map<string, SingleBar>();
  let done = 0;
  let failed = 0;
  return {
    start(path, size) {
      active.set(path, multibar.create(Math.max(size, 1), 0, { name: clean(path) }));
    },
    progress(path, received) {
      active.get(path)?.update(received);
    },
    finish(path, outcome) {
      const bar = active.get(path);
      if (bar) {
        multibar.remove(bar);
        active.delete(path);
      }
      const { line, failure } = outcomeLine(path, outcome);
      done++;
      if (failure) {
        failed++;
        multibar.log(`${io.secrets.redact(line)}\n`);
      }
      overall.update(done, { name: `${done}/${files} files${failed > 0 ? `, ${failed} failed` : ""}` });
    },
    stop() {
      for (const bar of active.values()) multibar.remove(bar);
      multibar.stop();
    },
  };
}
