/** The command line, read with Node's own parser; every mistake is named with the flag it concerns. */
import { parseArgs } from "node:util";
import { DEFAULT_PORTS, isTwinApi, TWIN_APIS, type TwinApi } from "../apis.js";
import { corsOrigins } from "../http/cors.js";
import { DEFAULT_ARTIFACTS, DEFAULT_TOKEN } from "../twin/start.js";
import type { TwinOptions } from "../twin/types.js";

export const USAGE = `Usage: ci-artifacts-mock <${TWIN_APIS.join("|")}> [options]
       ci-artifacts-mock [${TWIN_APIS.join("|")}] --list

A stateful twin of the API: seeded artifacts that lists, gets, downloads, creates, updates and
deletes read and change; every request checked against the API's OpenAPI description; rate limits
and faults on demand. Prints the base URL to give a client, then logs nothing unless --log.

Options:
  --port N             listen on port N (default: ${TWIN_APIS.map((api) => `${api} ${DEFAULT_PORTS[api]}`).join(", ")}; 0 takes a free one)
  --host H             listen on H (default 127.0.0.1)
  --base-path P        serve the API below P, such as /v2 (default: at the root)
  --seed N             seed of the data and of the faults' draws (default 1)
  --artifacts N        artifacts to seed (default: ${TWIN_APIS.map((api) => `${api} ${DEFAULT_ARTIFACTS[api]}`).join(", ")})
  --data FILE          serve the artifacts of FILE (JSON or YAML, in the form twin.seed has) instead
  --token T            the token to accept (default ${DEFAULT_TOKEN})
  --faults RULES       misbehave on demand; repeat or separate rules with ";" (see below)
  --rate-limit N|off   requests a window across all tokens (default: the vendor's, per second)
  --user-rate-limit N  requests a window per token (Buildkite only; default 50)
  --rate-window MS     the window's length (default 1000)
  --presign-ttl S      seconds a download URL lives (default 60)
  --storage-port N     port of the file server the downloads point at (default: a free one)
  --cors ORIGIN        let pages of ORIGIN call the twin from a browser; repeat for more, * for any
  --log                one line per request on stderr
  --list               list the operations and the names of their examples, and exit
  --help               show this text

Fault rules, kind[:key=value,...]:
  kinds    429 (retry=S), 500..599 or 400..499 (body=vendor|empty), slow (ms=N), hang, drop,
           truncate (bytes=N), stall (bytes=N), corrupt
  keys     route=<operationId|storage|api|*>[|...], after=N, count=N, rate=0..1

Examples:
  ci-artifacts-mock buildkite
  ci-artifacts-mock buildkite --port 0 --artifacts 250 --seed 7
  ci-artifacts-mock buddy --data artifacts.json --token my-test-token
  ci-artifacts-mock buildkite --faults "503:rate=0.1;429:route=listBuildArtifacts,count=2"
  ci-artifacts-mock buildkite --faults "corrupt:route=storage,count=1" --presign-ttl 5
  ci-artifacts-mock buildkite --list`;

export class UsageError extends Error {
  override name = "UsageError";
}

export type Command =
  | { kind: "help" }
  | { kind: "list"; apis: TwinApi[] }
  | { kind: "start"; api: TwinApi; options: TwinOptions & { port: number }; log: boolean; customToken: boolean };

export function parseCommand(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  const [api, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (api !== undefined && !isTwinApi(api)) {
    throw new UsageError(`unknown API ${JSON.stringify(api)}: use one of ${TWIN_APIS.join(", ")}`);
  }
  if (values.list) return { kind: "list", apis: api === undefined ? [...TWIN_APIS] : [api] };
  if (api === undefined) throw new UsageError("name the API to serve");

  const whole = (flag: string, text: string | undefined, min = 0, max = Number.MAX_SAFE_INTEGER) => {
    if (text === undefined) return undefined;
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max))
      throw new UsageError(`--${flag} must be a whole number in ${min}..${max}, got ${JSON.stringify(text)}`);
    return value;
  };
  const options: TwinOptions & { port: number } = { port: whole("port", values.port, 0, 65_535) ?? DEFAULT_PORTS[api] };
  if (values.host !== undefined) options.host = values.host;
  if (values["base-path"] !== undefined) options.basePath = values["base-path"];
  const seed = whole("seed", values.seed);
  if (seed !== undefined) options.seed = seed;
  const artifacts = whole("artifacts", values.artifacts, 0, 1_000_000);
  if (artifacts !== undefined) options.artifacts = artifacts;
  if (values.data !== undefined) options.data = values.data;
  if (values.token !== undefined) options.token = values.token;
  if (values.faults?.length) options.faults = values.faults;
  if (values.cors?.length) {
    try {
      corsOrigins(values.cors);
    } catch (error) {
      throw new UsageError(`--${(error as Error).message}`);
    }
    options.cors = values.cors;
  }
  const storagePort = whole("storage-port", values["storage-port"], 0, 65_535);
  if (storagePort !== undefined) options.storagePort = storagePort;
  const ttl = whole("presign-ttl", values["presign-ttl"], 1);
  if (ttl !== undefined) options.presignTtlSeconds = ttl;
  if (values["rate-limit"] === "off") {
    options.rateLimit = false;
  } else {
    const limit = whole("rate-limit", values["rate-limit"], 1);
    const userLimit = whole("user-rate-limit", values["user-rate-limit"], 1);
    const windowMs = whole("rate-window", values["rate-window"], 1);
    if (userLimit !== undefined && api !== "buildkite")
      throw new UsageError("--user-rate-limit: only Buildkite has a budget per token");
    options.rateLimit = {
      ...(limit === undefined ? {} : { limit }),
      ...(userLimit === undefined ? {} : { userLimit }),
      ...(windowMs === undefined ? {} : { windowMs }),
    };
  }
  options.record = false;
  return { kind: "start", api, options, log: values.log, customToken: values.token !== undefined };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "base-path": { type: "string" },
      seed: { type: "string" },
      artifacts: { type: "string" },
      data: { type: "string" },
      token: { type: "string" },
      faults: { type: "string", multiple: true },
      cors: { type: "string", multiple: true },
      "rate-limit": { type: "string" },
      "user-rate-limit": { type: "string" },
      "rate-window": { type: "string" },
      "presign-ttl": { type: "string" },
      "storage-port": { type: "string" },
      log: { type: "boolean", default: false },
      list: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
}
