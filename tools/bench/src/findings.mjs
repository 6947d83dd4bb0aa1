// @ts-check
// Item 5: what each checker printed, turned into comparable findings. The three tools name an
// example differently (the contract CLI by where its value lives, openapi-examples-validator by
// the path that uses it, Redocly by the failing node inside it), so every finding is brought back
// to one key: the JSON pointer of the example's value, $refs followed.

import { escapeSegment, parsePointer, toPointer } from "@ci-artifacts/spec";

/**
 * @typedef {{ key: string, site: string, reason: string, uncompiled?: boolean }} Finding
 *   key: JSON pointer of the example value, `$ref`s resolved; site: where the tool says it checked it;
 *   uncompiled: the tool could not compile the schema, so it judged nothing about the example.
 * @typedef {{ checked: number | undefined, reported: number, findings: Finding[], skipped?: number }} Parsed
 */

/** Segments of "#/a/b" or "/a/b" (the one model's parser). */
export const splitPointer = parsePointer;

/** "#/a/b" from segments. */
export const joinPointer = toPointer;

/**
 * Where the node at `pointer` really lives: each local `$ref` met on the way (and at the end) is
 * followed, so a pointer through a media type's `examples/x` that is a `$ref` to
 * `#/components/examples/y` ends at `#/components/examples/y/...`.
 * @param {unknown} doc
 * @param {string} pointer
 * @returns {string}
 */
export function resolvePointer(doc, pointer) {
  /** @type {string[]} */
  let at = [];
  /** @type {unknown} */
  let node = doc;
  const follow = () => {
    for (let hops = 0; hops < 32; hops++) {
      const ref = isRecord(node) && typeof node.$ref === "string" ? node.$ref : undefined;
      if (ref === undefined || !ref.startsWith("#")) return;
      at = splitPointer(ref);
      node = at.reduce(
        (/** @type {unknown} */ n, key) => (isRecord(n) || Array.isArray(n) ? /** @type {any} */ (n)[key] : undefined),
        doc,
      );
    }
    throw new Error(`$ref chain too long at ${joinPointer(at)}`);
  };
  // Inside an example's value a `$ref` is data, not a reference (OAS 3.0 §4.7.19, 3.1 §4.8.19).
  let literal = false;
  for (const token of splitPointer(pointer)) {
    if (!literal) follow();
    const parent = at.at(-2);
    at = [...at, token];
    node = isRecord(node) || Array.isArray(node) ? /** @type {any} */ (node)[token] : undefined;
    if (token === "example" || (token === "value" && parent === "examples")) literal = true;
  }
  if (!literal) follow();
  return joinPointer(at);
}

/**
 * The pointers of the example values a media type, parameter or schema carries, resolved.
 * @param {unknown} doc
 * @param {string} site
 */
export function exampleValues(doc, site) {
  const resolved = resolvePointer(doc, site);
  const node = nodeAt(doc, resolved);
  if (!isRecord(node)) return [];
  const values = [];
  if ("example" in node) values.push(resolvePointer(doc, `${resolved}/example`));
  if (isRecord(node.examples)) {
    for (const name of Object.keys(node.examples))
      values.push(resolvePointer(doc, `${resolved}/examples/${escapeSegment(name)}/value`));
  } else if (Array.isArray(node.examples)) {
    node.examples.forEach((_, i) => {
      values.push(resolvePointer(doc, `${resolved}/examples/${i}`));
    });
  }
  return values;
}

/** @param {unknown} doc @param {string} pointer */
export function nodeAt(doc, pointer) {
  return splitPointer(pointer).reduce(
    (/** @type {unknown} */ n, key) => (isRecord(n) || Array.isArray(n) ? /** @type {any} */ (n)[key] : undefined),
    doc,
  );
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The contract command: one line per failing example,
 * `file:line:col: <site>: <reasons> [example #/pointer]`, one per skipped example
 * (`file:line:col: <site>: skipped, <reason> [#/pointer]`), then
 * `checked N examples in T ms, F failed, S skipped`. Other lines (pnpm's banner) are not its.
 * @param {string} stdout
 * @returns {Parsed}
 */
export function parseContract(stdout) {
  /** @type {Finding[]} */
  const findings = [];
  let checked;
  let skipped;
  let reported = 0;
  for (const line of stdout.split("\n")) {
    const summary = /^checked (\d+) examples? in \d+ ms, (\d+) failed, (\d+) skipped(?:;.*)?$/.exec(line);
    if (summary) {
      checked = Number(summary[1]);
      reported = Number(summary[2]);
      skipped = Number(summary[3]);
      continue;
    }
    const failure = /^.+?:\d+:\d+: (.+?): (.+) \[example (#[^\]]*)\]$/.exec(line);
    if (failure)
      findings.push({
        key: /** @type {string} */ (failure[3]),
        site: /** @type {string} */ (failure[1]),
        reason: /** @type {string} */ (failure[2]),
      });
  }
  if (checked === undefined)
    throw new Error(`contract: no "checked N examples" line in its output: ${JSON.stringify(stdout.slice(-300))}`);
  return { checked, reported, findings, skipped };
}

/**
 * openapi-examples-validator: "Total examples found: N" on stdout, then a JSON array of errors
 * on stderr after its "unknown format ... ignored" warnings.
 * @param {unknown} doc
 * @param {string} stdout
 * @param {string} stderr
 * @returns {Parsed}
 */
export function parseOev(doc, stdout, stderr) {
  const total = /Total examples found: (\d+)/.exec(stdout);
  const start = stderr.search(/^\[/m);
  const end = stderr.lastIndexOf("]");
  /** @type {{ message: string, examplePath?: string, instancePath?: string }[]} */
  const errors = start === -1 ? [] : JSON.parse(stderr.slice(start, end + 1));
  return {
    checked: total ? Number(total[1]) : undefined,
    reported: errors.length,
    findings: errors.map((error) => ({
      key: error.examplePath ? resolvePointer(doc, error.examplePath) : "(no example path)",
      site: error.examplePath ?? "",
      reason: error.instancePath === undefined ? error.message : `${error.instancePath || "(root)"} ${error.message}`,
      // Ajv's schema errors carry no instancePath: the example was never validated.
      ...(error.instancePath === undefined ? { uncompiled: true } : {}),
    })),
  };
}

/**
 * `redocly lint --format json`: one problem per error, located at the failing node inside the
 * example, `from` the media type, parameter or schema that holds it.
 * @param {unknown} doc
 * @param {string} stdout
 * @returns {Parsed}
 */
export function parseRedocly(doc, stdout) {
  /** @type {{ problems: { ruleId: string, message: string, location: { pointer: string }[], from?: { pointer: string } }[] }} */
  const report = JSON.parse(stdout);
  /** @type {Map<string, string[]>} */
  const roots = new Map();
  return {
    checked: undefined,
    reported: report.problems.length,
    findings: report.problems.flatMap((problem) => {
      const where = problem.location[0]?.pointer ?? "";
      const site = problem.from?.pointer ?? where;
      let values = roots.get(site);
      if (!values) {
        values = exampleValues(doc, site);
        roots.set(site, values);
      }
      const reason = `${problem.ruleId}: ${problem.message}`;
      // "Example validation errored" is located at the schema: none of the site's examples was validated.
      if (problem.message.startsWith("Example validation errored"))
        return values.map((key) => ({ key, site, reason, uncompiled: true }));
      // The example whose value holds the failing node; the longest match wins for nested examples.
      const key =
        values
          .filter((value) => where === value || where.startsWith(`${value}/`))
          .sort((a, b) => b.length - a.length)[0] ?? where;
      return [{ key, site, reason }];
    }),
  };
}

/**
 * Examples one tool failed and the other did not, with the first reason the failing tool gave.
 * @param {Finding[]} a
 * @param {Finding[]} b
 * @returns {Finding[]}
 */
export function onlyIn(a, b) {
  const other = new Set(b.map((finding) => finding.key));
  /** @type {Map<string, Finding>} */
  const first = new Map();
  for (const finding of a) if (!other.has(finding.key) && !first.has(finding.key)) first.set(finding.key, finding);
  return [...first.values()];
}

/** Examples a tool failed (not merely could not check). @param {Finding[]} findings */
export function failedExamples(findings) {
  return new Set(findings.filter((finding) => !finding.uncompiled).map((finding) => finding.key));
}

/** Examples a tool could not check because it could not compile their schema. @param {Finding[]} findings */
export function uncheckedExamples(findings) {
  const failed = failedExamples(findings);
  return new Set(
    findings.filter((finding) => finding.uncompiled && !failed.has(finding.key)).map((finding) => finding.key),
  );
}

/**
 * @typedef {{ category: string, count: number, samples: Finding[] }} Difference
 */

/** How Ajv-based tools word a property the schema does not declare (Redocly: "must NOT have unevaluated properties `x`"). */
const UNDECLARED = /must NOT have (unevaluated|additional) properties/;

/**
 * Why an example failed in one tool and not in the other, by category.
 * @param {{ name: string, findings: Finding[] }} contract
 * @param {{ name: string, findings: Finding[] }} other
 * @returns {{ contractOnly: Difference[], otherOnly: Difference[] }}
 */
export function explainDifferences(contract, other) {
  const contractFailed = failedExamples(contract.findings);
  const otherFailed = failedExamples(other.findings);
  const otherUnchecked = uncheckedExamples(other.findings);
  const reasons = (/** @type {Finding[]} */ findings) => {
    /** @type {Map<string, Finding[]>} */
    const byKey = new Map();
    for (const finding of findings) byKey.set(finding.key, [...(byKey.get(finding.key) ?? []), finding]);
    return byKey;
  };
  const contractBy = reasons(contract.findings);
  const otherBy = reasons(other.findings);

  /** @param {Map<string, Finding[]>} byKey @param {string[]} keys @param {(key: string, findings: Finding[]) => string} classify */
  const group = (byKey, keys, classify) => {
    /** @type {Map<string, Finding[]>} */
    const out = new Map();
    for (const key of keys) {
      const findings = byKey.get(key) ?? [];
      const category = classify(key, findings);
      out.set(category, [...(out.get(category) ?? []), ...findings.slice(0, 1)]);
    }
    return [...out]
      .map(([category, samples]) => ({ category, count: samples.length, samples }))
      .sort((a, b) => b.count - a.count);
  };

  const contractOnly = group(
    contractBy,
    [...contractFailed].filter((key) => !otherFailed.has(key)),
    (key, findings) => {
      if (otherUnchecked.has(key)) {
        const why = (otherBy.get(key) ?? []).find((finding) => finding.uncompiled)?.reason ?? "";
        return `${other.name} could not compile the schema (${why.replace(/^[\w-]+: /, "")}), so it judged none of its examples`;
      }
      if (
        /schema example/.test(findings[0]?.site ?? "") ||
        key.includes("/schema/") ||
        /\/components\/schemas\//.test(key)
      ) {
        if (other.name === "openapi-examples-validator")
          return "a schema's own `example`: openapi-examples-validator checks media-type examples only";
      }
      if (
        /\/content\/(?![^/]*json)[^/]+\//.test(key.replaceAll("~1", "\u2215")) &&
        other.name === "openapi-examples-validator"
      ) {
        return "a media type that is not JSON (text/plain, text/x-markdown): openapi-examples-validator checks `*/json` and `*+json` only";
      }
      if (findings.some((finding) => /^\(root\) must be object \(found \[/.test(finding.reason))) {
        return `an array under a \`oneOf\` with a \`discriminator\`: the contract CLI dispatches on the discriminating property, which an array cannot carry; ${other.name} tries the \`oneOf\` branches`;
      }
      return "other";
    },
  );
  const otherOnly = group(
    otherBy,
    [...otherFailed].filter((key) => !contractFailed.has(key)),
    (_key, findings) => {
      if (findings.every((finding) => UNDECLARED.test(finding.reason))) {
        return `undeclared properties: ${other.name === "redocly" ? "Redocly's example rules fail them by default (allowAdditionalProperties: false)" : `${other.name} fails them`}; the contract command accepts them where the schema does not close itself, as OpenAPI does, and fails them with --strict`;
      }
      return "other";
    },
  );
  return { contractOnly, otherOnly };
}
