/** A Node HTTP server for a Hono app, whose every connection the twin can close at once. */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";

export interface Listening {
  /** `http://host:port`. */
  origin: string;
  port: number;
  /** Closes every open connection (keep-alive ones too); the server keeps listening. */
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: any app's bindings.
export async function listen(app: Hono<any>, host: string, port: number): Promise<Listening> {
  // Global Request and Response stay Node's own: a client under test in the same process uses them.
  const server: Server = createServer(getRequestListener(app.fetch, { overrideGlobalObjects: false }));
  // Idle keep-alive sockets are left for the client to close (undici after 4 s), as load balancers
  // in front of real APIs keep them for a minute: a server that closes first (Node's default is
  // 5 s, later on a busy machine) races the client's next request on that socket, and a POST or
  // PATCH lost that way is never retried.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const dropConnections = async () => {
    const closing = [...sockets].map((socket) => new Promise((resolve) => socket.once("close", resolve)));
    for (const socket of sockets) socket.destroy();
    await Promise.all(closing);
  };
  return {
    origin: `http://${shown}:${address.port}`,
    port: address.port,
    dropConnections,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await dropConnections();
      await closed;
    },
  };
}
