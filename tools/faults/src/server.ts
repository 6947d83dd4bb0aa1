import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request as the server received it. */
export interface Recorded {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the server answered with: a fault's kind, or "ok" for a normal answer. */
  answer: string;
}

/** What one request meets: the kind is tallied, `act` writes (or withholds) the answer. */
export interface Fault {
  readonly kind: string;
  act(exchange: Exchange): void;
}

export interface Exchange {
  request: Recorded;
  response: ServerResponse;
  /** This server's origin, http://127.0.0.1:<port>. */
  self: string;
  /** The other origin's, where redirects and next links can point. */
  peer: string;
}

export interface FaultServerOptions {
  /** Picks a fault for each request, or undefined to answer normally. */
  fault?: (request: Recorded, index: number) => Fault | undefined;
  /** The normal answer. */
  answer: (exchange: Exchange) => void;
  /** Keep every request in `requests` (the load run keeps only counts). Default true. */
  record?: boolean;
  /** Another server's origin, handed to faults and answers as `peer` (a function: the two servers name each other). */
  peer?: () => string;
}

export interface FaultServer {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** Every request received, when recording. */
  readonly requests: Recorded[];
  /** How many requests arrived, recorded or not. */
  readonly received: number;
  /** Faults injected, by kind. */
  readonly injected: Map<string, number>;
  /** Closes every connection (keep-alive ones too) and resolves once they are gone; the server keeps listening. */
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A node:http server on 127.0.0.1 that answers normally or misbehaves on demand, and records
 * every header it gets, so a test can prove what reached it (a token, a second attempt).
 */
export async function startFaultServer(options: FaultServerOptions): Promise<FaultServer> {
  const requests: Recorded[] = [];
  const injected = new Map<string, number>();
  const sockets = new Set<Socket>();
  const record = options.record ?? true;
  let received = 0;
  let origin = "";

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: Recorded = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      answer: "ok",
    };
    const index = received++;
    if (record) requests.push(request);
    const exchange: Exchange = { request, response: res, self: origin, peer: options.peer?.() ?? "" };
    try {
      const fault = options.fault?.(request, index);
      if (fault === undefined) {
        options.answer(exchange);
        return;
      }
      request.answer = fault.kind;
      injected.set(fault.kind, (injected.get(fault.kind) ?? 0) + 1);
      fault.act(exchange);
    } catch (error) {
      // A broken test server must not pass for a client failure: 599 is no status the client retries.
      if (!res.headersSent) res.writeHead(599, { "content-type": "text/plain" });
      res.end(`fault server failed: ${(error as Error).message}`);
    }
  });
  // Keep-alive sockets would hold close() open; faults that never answer would too.
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    get received() {
      return received;
    },
    injected,
    dropConnections: async () => {
      const closing = [...sockets].map((socket) => new Promise((resolve) => socket.once("close", resolve)));
      for (const socket of sockets) socket.destroy();
      await Promise.all(closing);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
