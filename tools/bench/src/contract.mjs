// @ts-check
// Item 5: the contract command as a user runs it (`pnpm contract <file>`), openapi-examples-validator
// and Redocly's example rules on GitHub's REST description, each in a child process of its own,
// timed from outside and weighed by peak RSS.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { operations as specOperations } from "@ci-artifacts/spec";
import { measureCommand } from "./child.mjs";
import {
  explainDifferences,
  failedExamples,
  parseContract,
  parseOev,
  parseRedocly,
  uncheckedExamples,
} from "./findings.mjs";
import { formatMiB, formatMs, formatRatio, judged, ratio } from "./stats.mjs";

/** @param {number} value @param {number} baseline */
const formatRatioOf = (value, baseline) => formatRatio(ratio(value, baseline));

const require = createRequire(import.meta.url);
const REDOCLY_CONFIG = fileURLToPath(new URL("../redocly-examples.yaml", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** @param {string} name @param {string} bin */
function binOf(name, bin) {
  const manifest = require.resolve(`${name}/package.json`);
  /** @type {{ bin: Record<string, string> | string }} */
  const pkg = JSON.parse(readFileSync(manifest, "utf8"));
  const relative = typeof pkg.bin === "string" ? pkg.bin : pkg.bin[bin];
  if (!relative) throw new Error(`${name} has no bin named ${bin}`);
  return path.join(path.dirname(manifest), relative);
}

/**
 * The description: GitHub's api.github.com in the `@octokit/openapi` package (OpenAPI 3.0.3, refs
 * kept; the `.deref.json` beside it is the same with every $ref inlined). The quick run uses our own
 * small Buildkite bundle instead.
 * @param {boolean} quick
 */
function description(quick) {
  if (quick)
    return { file: require.resolve("@ci-artifacts/openapi/buildkite.json"), name: "the Buildkite bundle (quick run)" };
  return {
    file: require.resolve("@octokit/openapi/generated/api.github.com.json"),
    name: "GitHub's REST description (`@octokit/openapi` generated/api.github.com.json)",
  };
}

/** @param {{ quick: boolean }} options */
export async function run(options) {
  const { file, name } = description(options.quick);
  const doc = JSON.parse(readFileSync(file, "utf8"));
  const operations = specOperations(doc, ["paths"]).length;
  const node = process.execPath;
  const timeoutMs = 4 * 60_000;
  // Children inherit no NODE_OPTIONS of ours, so no heap flag changes what a tool does.
  const env = { ...process.env, NODE_OPTIONS: "", FORCE_COLOR: "0", NO_COLOR: "1" };

  // The root script runs the package's bin once its build is newer than its sources (the bench
  // builds first, so turbo is not asked): what `pnpm contract <file>` costs a user, pnpm included.
  const contractCommand = /** @type {const} */ (["pnpm", ["contract", file]]);
  const oevArgs = [binOf("openapi-examples-validator", "openapi-examples-validator"), file];
  const redoclyArgs = [
    binOf("@redocly/cli", "redocly"),
    "lint",
    "--config",
    REDOCLY_CONFIG,
    "--format",
    "json",
    "--max-problems",
    "1000000",
    file,
  ];
  // The two close ones run twice, interleaved, and keep their faster run; openapi-examples-validator,
  // several times slower, runs once to stay inside the time budget.
  const runContract = () =>
    measureCommand(contractCommand[0], [...contractCommand[1]], { env, timeoutMs, cwd: REPO_ROOT });
  const contractRuns = [await runContract()];
  const redoclyRuns = [await measureCommand(node, redoclyArgs, { env, timeoutMs })];
  const oevRun = await measureCommand(node, oevArgs, { env, timeoutMs });
  if (!options.quick) {
    contractRuns.push(await runContract());
    redoclyRuns.push(await measureCommand(node, redoclyArgs, { env, timeoutMs }));
  }
  // Two figures beside: the same command with nothing to check (what pnpm, the build check and
  // node's start cost), and with --strict, which fails undeclared properties as
  // Redocly's example rules do by default.
  const startRun = await measureCommand(contractCommand[0], ["contract", "--help"], { env, timeoutMs, cwd: REPO_ROOT });
  const strictRun = options.quick
    ? undefined
    : await measureCommand(contractCommand[0], [...contractCommand[1], "--strict"], { env, timeoutMs, cwd: REPO_ROOT });
  const fastest = (/** @type {Awaited<ReturnType<typeof measureCommand>>[]} */ runs) => {
    const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    const peaks = runs.map((run) => run.peakRssBytes).filter((bytes) => bytes !== undefined);
    return {
      ...best,
      peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : undefined,
      allWallMs: runs.map((run) => run.wallMs),
    };
  };
  const contractRun = fastest(contractRuns);
  const redoclyRun = fastest(redoclyRuns);
  // Each exits 1 when it finds failures; only a crash, a timeout or unreadable output voids a figure.
  for (const [tool, result] of /** @type {const} */ ([
    ["contract", contractRun],
    ["openapi-examples-validator", oevRun],
    ["redocly", redoclyRun],
  ])) {
    if (result.code !== 0 && result.code !== 1)
      throw new Error(`${tool} exited with ${result.code ?? result.signal}: ${result.stderr.slice(-500)}`);
  }
  const contract = parseContract(contractRun.stdout);
  const oev = parseOev(doc, oevRun.stdout, oevRun.stderr);
  const redocly = parseRedocly(doc, redoclyRun.stdout);

  const faster = /** @type {const} */ ({ direction: "max", value: 1, text: "< 1.00x (faster)" });
  const half = /** @type {const} */ ({ direction: "max", value: 0.5, text: "≤ 0.50x" });
  const noHigher = /** @type {const} */ ({ direction: "max", value: 1, text: "≤ 1.00x" });
  const summary = (/** @type {import("./findings.mjs").Parsed} */ parsed, /** @type {string} */ unit) =>
    `${parsed.checked === undefined ? "examples not counted by the tool" : `${parsed.checked.toLocaleString("en-US")} examples checked`}, ${parsed.reported.toLocaleString("en-US")} ${unit}, ${failedExamples(parsed.findings).size} examples failed`;
  const rss = (/** @type {number | undefined} */ bytes) => (bytes === undefined ? "unknown" : formatMiB(bytes));
  const rows = [
    judged({
      id: "5a",
      figure: "`pnpm contract` vs openapi-examples-validator: wall time",
      measured: `${formatMs(contractRun.wallMs)} (contract)`,
      baseline: `${formatMs(oevRun.wallMs)} (openapi-examples-validator)`,
      ratio: ratio(contractRun.wallMs, oevRun.wallMs),
      goal: faster,
    }),
    judged({
      id: "5b",
      figure: "`pnpm contract` vs `redocly lint` (example rules only): wall time",
      measured: `${formatMs(contractRun.wallMs)} (contract)`,
      baseline: `${formatMs(redoclyRun.wallMs)} (redocly)`,
      ratio: ratio(contractRun.wallMs, redoclyRun.wallMs),
      goal: half,
    }),
    judged({
      id: "5c",
      figure: "`pnpm contract` vs openapi-examples-validator: peak RSS",
      measured: rss(contractRun.peakRssBytes),
      baseline: rss(oevRun.peakRssBytes),
      ratio:
        contractRun.peakRssBytes && oevRun.peakRssBytes
          ? ratio(contractRun.peakRssBytes, oevRun.peakRssBytes)
          : undefined,
    }),
    judged({
      id: "5d",
      figure: "`pnpm contract` vs `redocly lint`: peak RSS",
      measured: rss(contractRun.peakRssBytes),
      baseline: rss(redoclyRun.peakRssBytes),
      ratio:
        contractRun.peakRssBytes && redoclyRun.peakRssBytes
          ? ratio(contractRun.peakRssBytes, redoclyRun.peakRssBytes)
          : undefined,
      goal: noHigher,
    }),
  ];

  const details = [
    `Input: ${name}, OpenAPI ${doc.openapi}, ${operations.toLocaleString("en-US")} operations. Each run is a process of its own, one after the other; wall time from spawn to exit, peak RSS from ${contractRun.rssSource} (highest over a tool's runs). Wall times: contract ${contractRun.allWallMs.map(formatMs).join(", ")}; redocly ${redoclyRun.allWallMs.map(formatMs).join(", ")}; openapi-examples-validator ${formatMs(oevRun.wallMs)}.`,
    `Commands: \`pnpm contract <file>\` from the repository root, as a user runs it (pnpm, then packages/contract/scripts/contract.mjs, which finds the build newer than its sources and runs the bin of @ci-artifacts/contract in its own process; peak RSS is the largest process of the tree, the bin's); \`openapi-examples-validator <file>\`; \`redocly lint --config tools/bench/redocly-examples.yaml --format json <file>\` (extends nothing; no-invalid-media-type-examples, no-invalid-parameter-examples, no-invalid-schema-examples). Each with its defaults: the contract command and openapi-examples-validator accept properties a schema does not declare, Redocly's example rules fail them (allowAdditionalProperties: false); the \`--strict\` run below fails them too.`,
    `contract: ${summary(contract, "failures (one per example and place it is used)")}, ${contract.skipped?.toLocaleString("en-US") ?? "?"} skipped, each named with its reason.`,
    `openapi-examples-validator: ${summary(oev, "errors (one per schema violation)")}; it could not compile the schema of ${uncheckedExamples(oev.findings).size} more examples.`,
    `redocly: ${summary(redocly, "problems (one per schema violation)")}; it could not compile the schema of ${uncheckedExamples(redocly.findings).size} more examples.`,
    "Failures are compared per example, keyed by the JSON pointer of the example's value with $refs followed, because the tools count differently: the contract CLI once per example and place of use, the other two once per schema violation.",
  ];
  for (const [otherName, other] of /** @type {const} */ ([
    ["openapi-examples-validator", oev],
    ["redocly", redocly],
  ])) {
    const { contractOnly, otherOnly } = explainDifferences(
      { name: "contract", findings: contract.findings },
      { name: otherName, findings: other.findings },
    );
    const list = (/** @type {import("./findings.mjs").Difference[]} */ groups) =>
      groups.length === 0
        ? "none"
        : groups
            .map((group) => `${group.count} × ${group.category} (e.g. \`${group.samples[0]?.key ?? ""}\`)`)
            .join("; ");
    details.push(`Failed by the contract CLI only, not by ${otherName}: ${list(contractOnly)}.`);
    details.push(`Failed by ${otherName} only, not by the contract CLI: ${list(otherOnly)}.`);
  }
  details.push(
    `\`pnpm contract --help\`, the same start with nothing to check (pnpm, the build check, node loading the bin): ${formatMs(startRun.wallMs)}.`,
  );
  if (strictRun) {
    const strict = parseContract(strictRun.stdout);
    details.push(
      `\`pnpm contract --strict <file>\`, once: ${formatMs(strictRun.wallMs)}, ${formatRatioOf(strictRun.wallMs, redoclyRun.wallMs)} of Redocly's best run; ${summary(strict, "failures")}.`,
    );
  }
  const checking = contractRun.wallMs - startRun.wallMs;
  const slower = `Why: \`pnpm contract\` took ${formatMs(contractRun.wallMs)} for ${contract.checked?.toLocaleString("en-US") ?? "?"} examples, of which about ${formatMs(startRun.wallMs)} is its start (pnpm, the build check, node) and ${formatMs(Math.max(0, checking))} the check itself, against ${formatMs(redoclyRun.wallMs)} for Redocly. Profile the check with \`node --cpu-prof packages/contract/dist/cli.js <file>\`: reading the 13 MB file (JSON.parse), collecting the examples, transforming the schemas once per direction, the validator (@cfworker/json-schema) and one jsonc-parser pass over the text for the line numbers of what it prints are the parts.`;
  const heavier = `Why: the largest process of \`pnpm contract\`'s tree (the bin) held ${rss(contractRun.peakRssBytes)} at its peak against Redocly's ${rss(redoclyRun.peakRssBytes)}: the parsed document and the transformed schemas.`;
  const notes = { "5a": slower, "5b": slower, "5d": heavier };
  return { rows, details, notes, raw: { contract, oev, redocly, runs: { contractRun, oevRun, redoclyRun, startRun } } };
}
