import type { ServerResponse } from "node:http";
import type { RecordedRequest } from "../http/record.js";
import type { TwinResponse } from "../http/response.js";

/** The misbehaviours the twin knows; each is tallied under its kind (`429`, `503`, `slow`, ...). */
export type FaultAction =
  /** The vendor's 429, asking to wait `retryAfter` seconds (default 1). */
  | { type: "429"; retryAfter?: number }
  /** An error status; its body the vendor's error (default), or empty as a proxy sends it. */
  | { type: "status"; status: number; body?: "vendor" | "empty" }
  /** The normal answer, `ms` late. */
  | { type: "slow"; ms: number }
  /** No answer at all: the request is read and the connection left open. */
  | { type: "hang" }
  /** The connection reset before any byte of the answer. */
  | { type: "drop" }
  /** The normal answer's headers and its first `bytes` (default half), then a reset. */
  | { type: "truncate"; bytes?: number }
  /** The normal answer's headers and its first `bytes` (default half), then nothing, the connection left open. */
  | { type: "stall"; bytes?: number }
  /** The normal answer with its bytes changed, the length kept: a file whose SHA-1 no longer matches. */
  | { type: "corrupt" };

/** A fault written in code: it answers (or not) through the raw Node response. */
export interface CustomFault {
  kind: string;
  act(exchange: FaultExchange): void | Promise<void>;
}

export type Fault = FaultAction | CustomFault;

export interface FaultExchange {
  request: RecordedRequest;
  /** Node's response: write to it, destroy its socket, or leave it be. */
  response: ServerResponse;
  /** The origin of the server that received the request. */
  self: string;
  /** The twin's other origin: the storage origin for the API, the API's for storage. */
  peer: string;
  /** The answer the twin would have given. */
  answer(): Promise<TwinResponse>;
}

export interface FaultRule {
  fault: Fault;
  /**
   * Which requests it may meet: operationIds, `storage` (files), `api` (every operation) or `*`
   * (everything, the default).
   */
  route?: string | readonly string[];
  /** Let this many matching requests through first. Default 0. */
  after?: number;
  /** Then meet this many. Default: every one. */
  count?: number;
  /** Meet each matching request with this chance (0..1), drawn from the twin's seed. Default 1. */
  rate?: number;
}

/** Decides per request: the fault to meet, or undefined. `index` counts the requests of the request's server. */
export type FaultPicker = (request: RecordedRequest, index: number) => Fault | undefined;

export function kindOf(fault: Fault): string {
  if ("act" in fault) return fault.kind;
  if (fault.type === "status") return String(fault.status);
  return fault.type;
}
