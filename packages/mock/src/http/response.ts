import type { ServerResponse } from "node:http";

/** An answer as the twin builds it, before anything (a fault) decides how it reaches the wire. */
export interface TwinResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Buffer | string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): TwinResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}

export function empty(status: number, headers: Record<string, string> = {}): TwinResponse {
  return { status, headers };
}

export function bodyBytes(response: TwinResponse): Buffer {
  const body = response.body;
  return body === undefined ? Buffer.alloc(0) : typeof body === "string" ? Buffer.from(body) : body;
}

/** Writes the whole answer with its length, in one go. */
export function writeResponse(outgoing: ServerResponse, response: TwinResponse): void {
  const body = response.body ?? "";
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  // Each answer's headers are its own: the length is added in place rather than on a copy.
  response.headers["content-length"] = String(length);
  outgoing.writeHead(response.status, response.headers);
  outgoing.end(body);
}
