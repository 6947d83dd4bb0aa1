// Compares two bundles of one API with `redocly diff` and names, for each change,
// the operation and the field it touches.
//
// Redocly's diff already walks the description the way a client meets it: a change
// inside a shared component is reported under the request or response that uses it,
// and its rules know the direction (an enum that gains a value breaks a response,
// not a request). It rates each change by the semver bump it needs; "major" is
// what this project calls breaking. It reports a change once, under the first
// operation it met, as a JSON pointer; this module names that operation by its
// operationId, the other operations that share the changed component, and the
// field, so that a failure reads like the API it describes.
// Command reference: https://redocly.com/docs/cli/commands/diff (experimental in
// Redocly CLI 2.x; the version is pinned in the catalog and the tests in
// test/spec-diff.test.ts hold its verdicts to the rule table in the README).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { getAt, isHttpMethod, isObject, parsePointer, resolve as resolveRef, toPointer } from "@ci-artifacts/spec";

export type Impact = "major" | "minor" | "patch";

interface RedoclyLocation {
  file: string;
  pointer: string;
  value?: unknown;
}

interface RedoclyChange {
  path: string;
  typeName?: string;
  kind: "added" | "removed" | "modified";
  impact: Impact;
  verdicts: { ruleId: string; impact: Impact; message: string }[];
  property?: string;
  base?: RedoclyLocation;
  revision?: RedoclyLocation;
}

interface RedoclyReport {
  reportVersion: string;
  changes: RedoclyChange[];
}

export interface ApiChange {
  impact: Impact;
  /** Redocly's rule ids for the change (empty when it gave no verdict beyond the impact). */
  rules: string[];
  message: string;
  /** Each operation the change reaches, as `operationId (METHOD /path)`; empty outside `paths`. */
  operations: string[];
  /** Where in the first operation: the parameter, request body or response, and the field. */
  field: string | undefined;
  /** The shared component the change is in, when other operations reach it too, and from where. */
  shared: { component: string; direction: "request" | "response" } | undefined;
  /** Redocly's location of the change in the revision, a JSON pointer. */
  pointer: string;
}

const require = createRequire(import.meta.url);
const redoclyCli = path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");

/** Runs `redocly diff` on two files (JSON or YAML) and returns its report. */
function redoclyDiff(base: string, revision: string): RedoclyReport {
  const result = spawnSync(
    process.execPath,
    [redoclyCli, "diff", base, revision, "--format", "json", "--fail-on", "none"],
    {
      // No redocly.yaml in the working directory: the diff rules are Redocly's own.
      cwd: tmpdir(),
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        REDOCLY_SUPPRESS_NOTIFICATIONS: "true",
      },
    },
  );
  if (result.error) {
    throw new Error(`redocly diff ${base} ${revision}: ${result.error.message}`);
  }
  const start = result.stdout.indexOf("{");
  if (result.status !== 0 || start < 0) {
    throw new Error(
      `redocly diff ${base} ${revision} failed (exit ${result.status}):\n${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  const report = JSON.parse(result.stdout.slice(start)) as RedoclyReport;
  if (report.reportVersion !== "1" || !Array.isArray(report.changes)) {
    throw new Error(`redocly diff ${base} ${revision}: unknown report version ${String(report.reportVersion)}`);
  }
  return report;
}

/** RFC 6901 segments of a `#/...` pointer. */
export const pointerSegments = parsePointer;

type Json = unknown;

/** Follows `segments` from the document root, resolving local `$ref`s on the way. */
function resolve(document: Json, segments: string[]): Json {
  let node = resolveRef(document, document, "#").value;
  for (const segment of segments) {
    node = resolveRef(document, getAt(node, [segment]), "#").value;
  }
  return node;
}

function operationLabel(document: Json, pathKey: string, method: string): string {
  const operation = resolve(document, ["paths", pathKey, method]);
  const id =
    isObject(operation) && typeof operation.operationId === "string" ? operation.operationId : "(no operationId)";
  return `${id} (${method.toUpperCase()} ${pathKey})`;
}

/** A schema location as a field path: `properties/a/items/properties/b` is `a[].b`. */
function schemaField(segments: string[]): string {
  let field = "";
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index]!;
    if ((segment === "properties" || segment === "patternProperties") && index + 1 < segments.length) {
      field += `${field ? "." : ""}${segments[index + 1]!}`;
      index += 1;
    } else if (segment === "items") {
      field += "[]";
    } else if (segment === "additionalProperties") {
      field += "{}";
    } else if (/^(allOf|anyOf|oneOf|prefixItems)$/.test(segment) && index + 1 < segments.length) {
      field += `${field ? "." : ""}${segment}[${segments[index + 1]!}]`;
      index += 1;
    } else {
      field += `${field ? "." : ""}${segment}`;
    }
  }
  return field;
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

/** Names the part of an operation (or path item) that `rest` points into. */
function describeField(change: RedoclyChange, document: Json, prefix: string[], rest: string[]): string | undefined {
  if (rest.length === 0) return change.property ? `\`${change.property}\`` : undefined;
  let where: string;
  let schema: string[] | undefined;
  const afterSchema = (segments: string[]): string[] | undefined => {
    const at = segments.indexOf("schema");
    return at < 0 ? undefined : segments.slice(at + 1);
  };
  if (rest[0] === "parameters" && rest[1] !== undefined) {
    const parameter = resolve(document, [...prefix, "parameters", rest[1]]);
    const name = isObject(parameter) && typeof parameter.name === "string" ? parameter.name : `#${rest[1]}`;
    const location = isObject(parameter) && typeof parameter.in === "string" ? `${parameter.in} ` : "";
    where = `${location}parameter \`${name}\``;
    schema = afterSchema(rest.slice(2));
  } else if (rest[0] === "requestBody") {
    where = rest[1] === "content" && rest[2] !== undefined ? `request body ${rest[2]}` : "request body";
    schema = afterSchema(rest.slice(1));
  } else if (rest[0] === "responses" && rest[1] !== undefined) {
    where = `response ${rest[1]}`;
    if (rest[2] === "headers" && rest[3] !== undefined) {
      where += ` header \`${rest[3]}\``;
      schema = afterSchema(rest.slice(4));
    } else {
      if (rest[2] === "content" && rest[3] !== undefined) where += ` ${rest[3]}`;
      schema = afterSchema(rest.slice(2));
    }
  } else {
    return rest.join(".") + (change.property ? `.${change.property}` : "");
  }

  const field = schema ? schemaField(schema) : "";
  if (change.property === "required" && change.kind === "modified") {
    // Name the properties whose requiredness changed, not the `required` keyword.
    const before = stringList(change.base?.value);
    const after = stringList(change.revision?.value);
    const flipped = [
      ...after.filter((name) => !before.includes(name)),
      ...before.filter((name) => !after.includes(name)),
    ];
    const names = flipped.map((name) => `\`${field ? `${field}.` : ""}${name}\``).join(", ");
    return `${where}: ${names || "`required`"} (required)`;
  }
  const property = change.property ? ` (${change.property})` : "";
  return field ? `${where}: \`${field}\`${property}` : `${where}${property}`;
}

type Direction = "request" | "response";

/**
 * For each operation, the components it reaches (transitively) from its request
 * (parameters, body) and from its responses. Redocly reports a change inside a
 * shared component once, under the first operation it met; this finds the others.
 */
function componentUse(document: Json): Map<string, Record<Direction, Set<string>>> {
  const use = new Map<string, Record<Direction, Set<string>>>();
  const collect = (node: Json, into: Set<string>): void => {
    if (Array.isArray(node)) {
      for (const item of node) collect(item, into);
    } else if (isObject(node)) {
      if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/")) {
        const component = pointerSegments(node.$ref).slice(0, 3);
        const key = toPointer(component);
        if (!into.has(key)) {
          into.add(key);
          collect(resolve(document, pointerSegments(node.$ref)), into);
        }
      }
      for (const [key, value] of Object.entries(node)) if (key !== "$ref") collect(value, into);
    }
  };
  const paths = resolve(document, ["paths"]);
  for (const [pathKey, item] of Object.entries(isObject(paths) ? paths : {})) {
    if (!isObject(item)) continue;
    for (const method of Object.keys(item).filter((key) => isHttpMethod(key))) {
      const operation = resolve(document, ["paths", pathKey, method]);
      if (!isObject(operation)) continue;
      const request = new Set<string>();
      const response = new Set<string>();
      collect([item.parameters, operation.parameters, operation.requestBody], request);
      collect(operation.responses, response);
      use.set(operationLabel(document, pathKey, method), { request, response });
    }
  }
  return use;
}

/** The other operations that reach the component a change was found in, the same direction. */
function sharedBy(
  change: RedoclyChange,
  document: Json,
  first: string,
): { component: string; direction: Direction; operations: string[] } {
  const direction: Direction = pointerSegments(change.path)[3] === "responses" ? "response" : "request";
  const location =
    change.kind === "removed" ? change.base?.pointer : (change.revision?.pointer ?? change.base?.pointer);
  if (location === undefined || !location.startsWith("#/components/"))
    return { component: "", direction, operations: [] };
  const segments = location.replace(/^#\//, "").split("/").slice(0, 3);
  const component = `#/${segments.join("/")}`;
  const operations = [...componentUse(document)]
    .filter(([label, reach]) => label !== first && reach[direction].has(component))
    .map(([label]) => label);
  return { component: pointerSegments(component).at(-1)!, direction, operations };
}

/** Redocly gives no message for most minor and patch changes: say what and how. */
function fallbackMessage(change: RedoclyChange, segments: string[]): string {
  const what =
    change.property !== undefined
      ? `\`${change.property}\``
      : segments.at(-2) === "properties"
        ? `Property \`${segments.at(-1)!}\``
        : (change.typeName ?? "Node");
  return `${what} ${change.kind}.`;
}

function classify(change: RedoclyChange, base: Json, revision: Json): ApiChange {
  const segments = pointerSegments(change.path);
  // Added things are named as they are now; removed and changed things as they
  // were released, which is what a consumer knows them by (a renamed parameter
  // is named by its old name).
  const document = change.kind === "added" ? revision : base;
  const rules = [...new Set(change.verdicts.map((verdict) => verdict.ruleId))];
  const message = change.verdicts.map((verdict) => verdict.message).join(" ") || fallbackMessage(change, segments);
  let operations: string[] = [];
  let field: string | undefined;
  let shared: ApiChange["shared"];
  if (segments[0] === "paths" && segments[1] !== undefined) {
    const pathKey = segments[1];
    const method = segments[2];
    if (method !== undefined && isHttpMethod(method)) {
      const first = operationLabel(document, pathKey, method);
      const reach = sharedBy(change, document, first);
      operations = [first, ...reach.operations];
      if (reach.operations.length > 0) shared = { component: reach.component, direction: reach.direction };
      field = describeField(change, document, ["paths", pathKey, method], segments.slice(3));
    } else {
      // A change to a whole path item, or to what it gives all its operations.
      const item = resolve(document, ["paths", pathKey]);
      operations = isObject(item)
        ? Object.keys(item)
            .filter((key) => isHttpMethod(key))
            .map((key) => operationLabel(document, pathKey, key))
        : [];
      field = describeField(change, document, ["paths", pathKey], segments.slice(2));
    }
  } else if (segments.length > 0) {
    field = segments.join(".") + (change.property ? `.${change.property}` : "");
  }
  return { impact: change.impact, rules, message, operations, field, shared, pointer: change.path };
}

/**
 * Every change from `baseFile` to `revisionFile` (two bundles of one API), with the
 * operations and field it touches. `base` and `revision` are the parsed files.
 */
export function diffBundles(baseFile: string, revisionFile: string, base: Json, revision: Json): ApiChange[] {
  const report = redoclyDiff(baseFile, revisionFile);
  return report.changes.map((change) => classify(change, base, revision));
}

/** `info.version` moves with every release; it is not a change of the API. */
export const isVersionOnly = (change: ApiChange): boolean => change.pointer === "#/info/version";

/** One line naming the change: its impact, the operations, the field and Redocly's message. */
export function formatChange(change: ApiChange): string {
  const [first, ...others] = change.operations;
  let where: string;
  if (change.shared && others.length > 0) {
    const { component, direction } = change.shared;
    where = [first, change.field].filter(Boolean).join(" — ");
    where += `; through \`${component}\` also the ${direction}s of ${others.join(", ")}`;
  } else {
    where = [change.operations.join(", "), change.field].filter(Boolean).join(" — ");
  }
  const rules = change.rules.length > 0 ? ` [${change.rules.join(", ")}]` : "";
  return `${where || change.pointer}: ${change.message}${rules}`;
}
