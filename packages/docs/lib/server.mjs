// @ts-check
// A static file server for dist/: GET and HEAD only, a fixed MIME map, folder URLs served by
// their index.html, and nothing outside the root, whatever the URL says.
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";

/** Content types by extension; anything else is served as bytes. */
export const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".yml": "application/yaml; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/** @param {string} file */
export function contentType(file) {
  return (
    /** @type {Record<string, string>} */ (MIME_TYPES)[path.extname(file).toLowerCase()] ?? "application/octet-stream"
  );
}

/**
 * The file under `root` that a request path names, or null when it names nothing there: a
 * path that does not decode, holds a NUL, or climbs out of the root (`..`, encoded or not, or a
 * symbolic link pointing outside) is refused rather than normalised into something else.
 * @param {string} root an absolute, real path
 * @param {string} urlPath the path of the request URL, without query
 */
export async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/");
  if (segments.some((s) => s === "..")) return null;
  let file = path.join(root, ...segments);
  try {
    let info = await stat(file);
    if (info.isDirectory()) {
      file = path.join(file, "index.html");
      info = await stat(file);
    }
    if (!info.isFile()) return null;
    const real = await realpath(file);
    return real === root || real.startsWith(root + path.sep) ? real : null;
  } catch {
    return null;
  }
}

/**
 * Starts serving `root` on `host:port` (port 0 picks a free one).
 * @param {{ root: string, host?: string, port?: number }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer({ root, host = "127.0.0.1", port = 0 }) {
  const realRoot = await realpath(root);
  const server = createServer(async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response
        .writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" })
        .end("method not allowed\n");
      return;
    }
    const urlPath = new URL(request.url ?? "/", "http://localhost").pathname;
    const file = await resolveFile(realRoot, urlPath);
    if (file === null) {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    // A folder asked for without its slash: redirect, so that relative links inside resolve.
    if (!urlPath.endsWith("/") && path.basename(file) === "index.html" && !urlPath.endsWith("index.html")) {
      response.writeHead(301, { Location: `${urlPath}/` }).end();
      return;
    }
    response.writeHead(200, {
      "Content-Type": contentType(file),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-cache",
    });
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    createReadStream(file)
      .on("error", () => response.destroy())
      .pipe(response);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the server has no TCP address");
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
