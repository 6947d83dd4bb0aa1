// @ts-check
// Item 5: the contract CLI, openapi-examples-validator and Redocly's example rules on GitHub's
// REST description, each in a child process of its own, timed from outside and weighed by peak RSS.
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
import { formatMiB, formatMs, judged, ratio } from "./stats.mjs";

const require = createRequire(import.meta.url);
const REDOCLY_CONFIG = fileURLToPath(new URL("../redocly-examples.yaml", import.meta.url));

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

  const contractArgs = [binOf("@ci-artifacts/contract", "ci-artifacts-contract"), file];
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
  const contractRuns = [await measureCommand(node, contractArgs, { env, timeoutMs })];
  const redoclyRuns = [await measureCommand(node, redoclyArgs, { env, timeoutMs })];
  const oevRun = await measureCommand(node, oevArgs, { env, timeoutMs });
  if (!options.quick) {
    contractRuns.push(await measureCommand(node, contractArgs, { env, timeoutMs }));
    redoclyRuns.push(await measureCommand(node, redoclyArgs, { env, timeoutMs }));
  }
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
  const summary = (/** @type {import("./findings.mjs").Parsed} */ parsed, /** @type {string} */ unit) =>
    `${parsed.checked === undefined ? "examples not counted by the tool" : `${parsed.checked.toLocaleString("en-US")} examples checked`}, ${parsed.reported.toLocaleString("en-US")} ${unit}, ${failedExamples(parsed.findings).size} examples failed`;
  const rss = (/** @type {number | undefined} */ bytes) => (bytes === undefined ? "unknown" : formatMiB(bytes));
  const rows = [
    judged({
      id: "5a",
      figure: "contract CLI vs openapi-examples-validator: wall time",
      measured: `${formatMs(contractRun.wallMs)} (contract)`,
      baseline: `${formatMs(oevRun.wallMs)} (openapi-examples-validator)`,
      ratio: ratio(contractRun.wallMs, oevRun.wallMs),
      goal: faster,
    }),
    judged({
      id: "5b",
      figure: "contract CLI vs `redocly lint` (example rules only): wall time",
      measured: `${formatMs(contractRun.wallMs)} (contract)`,
      baseline: `${formatMs(redoclyRun.wallMs)} (redocly)`,
      ratio: ratio(contractRun.wallMs, redoclyRun.wallMs),
      goal: faster,
    }),
    judged({
      id: "5c",
      figure: "contract CLI vs openapi-examples-validator: peak RSS",
      measured: rss(contractRun.peakRssBytes),
      baseline: rss(oevRun.peakRssBytes),
      ratio:
        contractRun.peakRssBytes && oevRun.peakRssBytes
          ? ratio(contractRun.peakRssBytes, oevRun.peakRssBytes)
          : undefined,
    }),
    judged({
      id: "5d",
      figure: "contract CLI vs `redocly lint`: peak RSS",
      measured: rss(contractRun.peakRssBytes),
      baseline: rss(redoclyRun.peakRssBytes),
      ratio:
        contractRun.peakRssBytes && redoclyRun.peakRssBytes
          ? ratio(contractRun.peakRssBytes, redoclyRun.peakRssBytes)
          : undefined,
    }),
  ];

  const details = [
    `Input: ${name}, OpenAPI ${doc.openapi}, ${operations.toLocaleString("en-US")} operations. Each run is a process of its own, one after the other; wall time from spawn to exit, peak RSS from ${contractRun.rssSource} (highest over a tool's runs). Wall times: contract ${contractRun.allWallMs.map(formatMs).join(", ")}; redocly ${redoclyRun.allWallMs.map(formatMs).join(", ")}; openapi-examples-validator ${formatMs(oevRun.wallMs)}.`,
    `Commands: \`contract <file>\`; \`openapi-examples-validator <file>\` (defaults: undeclared properties allowed); \`redocly lint --config tools/bench/redocly-examples.yaml --format json <file>\` (extends nothing; no-invalid-media-type-examples, no-invalid-parameter-examples, no-invalid-schema-examples).`,
    `contract: ${summary(contract, "failures (one per example and place it is used)")}.`,
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
  const slower = `Why: the contract CLI takes ${formatMs(contractRun.wallMs)} for ${contract.checked?.toLocaleString("en-US") ?? "?"} examples. A CPU profile of it on this file (node --cpu-prof, contract engine at commit 968cf31) puts half of its time in Ajv compiling validators (ajv/dist/compile compileSchema: code generation, then \`new Function\`) and 59% in its compileIn, which also builds the schema copies Ajv compiles: it caches validators by schema pointer and direction, so each schema that carries a schema-level \`example\` (most of the ${contract.checked?.toLocaleString("en-US") ?? "?"} here) is compiled as an entry of its own, with Ajv's \`allErrors\` and \`verbose\` on. What would close it (tools/contract, not this package): compile one validator per component schema and direction and check a property's example with the compiled sub-schema (\`ajv.getSchema(unit + "#/properties/...")\`) instead of a new entry, and drop \`verbose\`, which copies schema and data into every error.`;
  const notes = { "5a": slower, "5b": slower };
  return { rows, details, notes, raw: { contract, oev, redocly, runs: { contractRun, oevRun, redoclyRun } } };
}
