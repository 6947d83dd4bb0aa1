// @ts-check
// `pnpm docs:serve`: serves dist/ on localhost and prints the URL. Build first (turbo does).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServer } from "../lib/server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: process.env.PORT ?? "4173" },
    host: { type: "string", default: "127.0.0.1" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`docs serve: --port must be a number from 0 to 65535, got '${values.port}'`);
  process.exit(2);
}
if (!existsSync(path.join(root, "index.html"))) {
  console.error(`docs serve: ${root}/index.html does not exist; build the site first (pnpm build)`);
  process.exit(1);
}
try {
  const server = await startServer({ root, host: values.host, port });
  console.log(`Serving ${path.relative(process.cwd(), root) || "."} at ${server.url} (Ctrl+C to stop)`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  const code = /** @type {NodeJS.ErrnoException} */ (error).code;
  console.error(
    code === "EADDRINUSE"
      ? `docs serve: port ${port} is in use; pick another with --port`
      : `docs serve: ${String(error)}`,
  );
  process.exit(1);
}
