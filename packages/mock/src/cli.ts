#!/usr/bin/env node
import { parseArgs } from "node:util";
import { DEFAULT_PORTS, MOCK_APIS, type MockApi, startMock } from "./index.js";

const USAGE = `Usage: ci-artifacts-mock <${MOCK_APIS.join("|")}> [--port N] [--dynamic]

Starts Stoplight Prism on the bundled OpenAPI description of the API and prints the URL to use as
the client's baseUrl. Every request is validated against the description; a violation is listed in
the sl-violations response header and in the log.

  --port N     listen on port N (default: ${MOCK_APIS.map((api) => `${api} ${DEFAULT_PORTS[api]}`).join(", ")}; 0 picks a free port)
  --dynamic    answer with data generated from the schemas instead of the named examples
  --help       show this text

Pick an answer per request with Prism's Prefer header:
  Prefer: example=<name>   a named example of the description
  Prefer: code=<status>    a response status of the description`;

function usageError(message: string): never {
  process.stderr.write(`ci-artifacts-mock: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: "string" },
      dynamic: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  usageError((error as Error).message);
}

if (parsed.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [api, ...extra] = parsed.positionals;
if (api === undefined) usageError("name the API to mock");
if (!(MOCK_APIS as readonly string[]).includes(api)) usageError(`unknown API ${JSON.stringify(api)}`);
if (extra.length > 0) usageError(`unexpected argument ${JSON.stringify(extra[0])}`);
let port = DEFAULT_PORTS[api as MockApi];
if (parsed.values.port !== undefined) {
  const text = parsed.values.port;
  port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65_535))
    usageError(`--port must be a port number (0..65535), got ${JSON.stringify(text)}`);
}

try {
  const mock = await startMock(api as MockApi, {
    port,
    dynamic: parsed.values.dynamic,
    onLog: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${api} mock listening; use as baseUrl: ${mock.url}\n`);
  let stopping = false;
  const shutdown = () => {
    stopping = true;
    mock.close().then(() => process.exit(0));
  };
  mock.exited.then(({ code, signal }) => {
    if (stopping) return;
    process.stderr.write(`ci-artifacts-mock: Prism exited (${signal ?? `code ${code}`})\n`);
    process.exit(1);
  });
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  process.stderr.write(`ci-artifacts-mock: ${(error as Error).message}\n`);
  process.exit(1);
}
