import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "@ci-artifacts/spec";
import { Contract, formatFailure, formatGap, formatSkipped } from "./engine/contract.js";
import { multiFileSourceResolver } from "./engine/source-map.js";

export const USAGE = `usage: ci-artifacts-contract <openapi.json|yaml> [--strict] [--coverage] [--source <entry.yaml>]

Checks every example of an OpenAPI 3.0/3.1 document against its schema, in the direction it travels.
  --strict               also fail a property that the schema does not declare, where the schema says
                         nothing about extra properties (OpenAPI admits them)
  --coverage             also fail request bodies and responses that have content but no example
  --source <entry.yaml>  the multi-file sources the document was bundled from: failures name their file and line
Exits 0 when every checked example is valid, 1 when one is not, 2 when the input cannot be read,
141 when its output is closed early (a reader such as head stopped).`;

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
      strict: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });

/** `1 example`, `2 examples`. */
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The CLI: 0 when every example passes, 1 when one fails, 2 on bad input or usage. */
export function run(argv: readonly string[], io: RunIo): number {
  const now = io.now ?? (() => performance.now());
  const started = now();
  let args: ReturnType<typeof parseOptions>;
  try {
    args = parseOptions(argv);
  } catch (error) {
    io.err(`ci-artifacts-contract: ${(error as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  if (args.values.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) {
    io.err(`ci-artifacts-contract: expected one file, got ${args.positionals.length}`);
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
      strict: args.values.strict,
    });
    const report = contract.check({ coverage: args.values.coverage });
    for (const failure of report.failures) io.out(formatFailure(failure));
    for (const gap of report.gaps) io.out(formatGap(gap, contract));
    for (const skipped of report.skipped) io.out(formatSkipped(skipped, contract));
    const gaps = report.gaps.length > 0 ? `; ${count(report.gaps.length, "body", "bodies")} without an example` : "";
    io.out(
      `checked ${count(report.checked, "example", "examples")} in ${Math.round(now() - started)} ms, ${report.failures.length} failed, ${report.skipped.length} skipped${gaps}`,
    );
    return report.failures.length + report.gaps.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`ci-artifacts-contract: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
