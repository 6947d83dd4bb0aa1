/**
 * Where the command writes and what it knows of its terminal. Every write is redacted (see
 * secrets.ts); tests and the README check drive the same code through their own streams.
 */
import type { Readable, Writable } from "node:stream";
import { Secrets } from "./secrets.js";

export type Stream = Writable & { isTTY?: boolean; columns?: number };

export interface IoStreams {
  stdout: Stream;
  stderr: Stream;
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export class Io {
  readonly secrets = new Secrets();
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly stdin: Readable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;

  constructor(streams: IoStreams) {
    this.stdout = streams.stdout;
    this.stderr = streams.stderr;
    this.stdin = streams.stdin;
    this.env = streams.env;
  }

  /** A line (or several) on stdout, the data a script reads. */
  out(text: string): void {
    this.stdout.write(`${this.secrets.redact(text)}\n`);
  }

  /** A line on stderr: progress, summaries, warnings and errors. */
  err(text: string): void {
    this.stderr.write(`${this.secrets.redact(text)}\n`);
  }

  /** Both ends of a conversation are a terminal: a person can be asked. */
  get interactive(): boolean {
    return this.stdin.isTTY === true && this.stderr.isTTY === true;
  }
}
