import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "@ci-artifacts/spec";
import { Contract, formatFailure, formatGap } from "./engine/contract.js";
import { multiFileSourceResolver } from "./engine/source-map.js";

export const USAGE = `usage: contract <openapi.json|yaml> [--source <entry.yaml>] [--coverage] [--allow-unknown-properties]

Checks every example of an OpenAPI 3.0/3.1 document against its schema, in the direction it travels.
  --source <entry.yaml>        the multi-file sources the document was bundled from: failures name their file and line
  --coverage                   also fail request bodies and responses that have content but no example
  --allow-unknown-properties   do not fail properties that a schema does not declare`;

export interface RunIo {
  /** Paths are relative to this folder (pnpm's INIT_CWD: where the user ran pnpm). */
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
  now?: () => number;
}

const parseOptions = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      source: { type: "string" },
      coverage: { type: "boolean", default: false },
      "allow-unknown-properties": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });

/** The CLI: 0 when every example passes, 1 when one fails, 2 on bad input or usage. */
export function run(argv: readonly string[], io: RunIo): number {
  const now = io.now ?? (() => performance.now());
  const started = now();
  let args: ReturnType<typeof parseOptions>;
  try {
    args = parseOptions(argv);
  } catch (error) {
    io.err(`contract: ${(error as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  if (args.values.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) {
    io.err(`contract: expected one file, got ${args.positionals.length}`);
    io.err(USAGE);
    return 2;
  }
  const file = args.positionals[0]!;
  try {
    const sourceResolver = args.values.source
      ? multiFileSourceResolver(resolve(io.cwd, args.values.source), { displayBase: io.cwd })
      : undefined;
    const contract = Contract.load(resolve(io.cwd, file), {
      displayName: file,
      displayBase: io.cwd,
      sourceResolver,
      unknownProperties: !args.values["allow-unknown-properties"],
    });
    const report = contract.check({ coverage: args.values.coverage });
    for (const failure of report.failures) io.out(formatFailure(failure));
    for (const gap of report.gaps) io.out(formatGap(gap, contract));
    const failed = report.failures.length + report.gaps.length;
    io.out(`checked ${report.checked} examples in ${Math.round(now() - started)} ms, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`contract: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
