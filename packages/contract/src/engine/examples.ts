/**
 * Finds every example in an OpenAPI 3.0/3.1 document together with the schema it illustrates and
 * the direction it travels, and the bodies that have no example at all.
 */
import {
  escapeSegment,
  getAt,
  isObject,
  type Located,
  localRefs,
  type Operation,
  operations,
  parsePointer,
  resolve as resolveRef,
  toPointer,
} from "@ci-artifacts/spec";
import type { Direction } from "./shadow.js";

export interface ExampleCase {
  /** `<operation> <request|status> <label>`, the test-case name (without the API's name). */
  name: string;
  /** The operationId, or `METHOD /path` without one; a component schema's name for schema-level examples. */
  operation: string;
  /** `request`, a response status (`200`, `4XX`, `default`), or `schema` for a component schema's own examples. */
  kind: string;
  /** The example's name: its key under `examples`, `example`, or `parameter <name> ...`, `header <name> ...`, `schema example <i>`. */
  label: string;
  mediaType?: string;
  direction: Direction;
  /** JSON pointer to the example value in the document, after following `$ref`s. */
  pointer: string;
  value: unknown;
  /** JSON pointer to the schema the example is checked against. */
  schemaPointer: string;
  /**
   * The whole schema that `schemaPointer` is part of (a component schema, or the schema of a media
   * type, parameter or header); `schemaPointer` itself for an example outside any schema.
   */
  schemaRoot: string;
}

export interface CoverageGap {
  operation: string;
  kind: string;
  /** The request body or response that has content but no example. */
  pointer: string;
  message: string;
}

export interface SkippedExample {
  name: string;
  pointer: string;
  /** Why it was not checked: `no schema`, `unsupported media type application/xml`, `externalValue is not fetched`, ... */
  reason: string;
}

export interface Collected {
  cases: ExampleCase[];
  gaps: CoverageGap[];
  skipped: SkippedExample[];
}

/** Where operations are: 3.1's `webhooks`, and `x-webhooks`, which 3.0 descriptions (GitHub's) use for theirs. */
export const OPERATION_ROOTS = ["paths", "webhooks", "x-webhooks"] as const;

/** Media types whose examples are not JSON values to validate (XML documents are strings). */
function isValidatedMediaType(mediaType: string): boolean {
  return !/xml\b/i.test(mediaType);
}

type Base = Omit<ExampleCase, "name" | "label" | "pointer" | "value" | "schemaPointer" | "schemaRoot">;

/** One `example` or entry of `examples` of a media type, parameter or header. */
interface HeldExample {
  label: string;
  pointer: string;
  value?: unknown;
  /** Set when the entry holds no value to check. */
  reason?: string;
}

export function collectExamples(document: unknown): Collected {
  const cases: ExampleCase[] = [];
  const gaps: CoverageGap[] = [];
  const skipped: SkippedExample[] = [];

  const resolve = (value: unknown, pointer: string): Located => resolveRef(document, value, pointer);

  const add = (c: Omit<ExampleCase, "name">) => cases.push({ ...c, name: `${c.operation} ${c.kind} ${c.label}` });
  const skip = (base: Base, example: HeldExample, reason: string) =>
    skipped.push({ name: `${base.operation} ${base.kind} ${example.label}`, pointer: example.pointer, reason });

  /** The `example` and `examples` of a media type, parameter or header, `$ref`s followed. */
  const held = (holder: Record<string, unknown>, holderPointer: string, prefix: string, suffix: string) => {
    const out: HeldExample[] = [];
    if ("example" in holder) {
      out.push({
        label: `${prefix || "example"}${suffix}`,
        pointer: `${holderPointer}/example`,
        value: holder.example,
      });
    }
    if (isObject(holder.examples)) {
      for (const [key, raw] of Object.entries(holder.examples)) {
        const example = resolve(raw, `${holderPointer}/examples/${escapeSegment(key)}`);
        const label = `${prefix ? `${prefix} ${key}` : key}${suffix}`;
        if (!isObject(example.value)) out.push({ label, pointer: example.pointer, reason: "not an Example Object" });
        else if ("value" in example.value)
          out.push({ label, pointer: `${example.pointer}/value`, value: example.value.value });
        else
          out.push({
            label,
            pointer: example.pointer,
            reason: "externalValue" in example.value ? "externalValue is not fetched" : "no value",
          });
      }
    }
    return out;
  };

  /** The examples of a media type, parameter or header, against `schemaPointer`. Returns how many it has. */
  const fromHolder = (
    holder: Record<string, unknown>,
    holderPointer: string,
    schemaPointer: string,
    base: Base,
    prefix: string,
    suffix = "",
  ): number => {
    const examples = held(holder, holderPointer, prefix, suffix);
    for (const example of examples) {
      if (example.reason !== undefined) skip(base, example, example.reason);
      else
        add({
          ...base,
          label: example.label,
          pointer: example.pointer,
          value: example.value,
          schemaPointer,
          schemaRoot: schemaPointer,
        });
    }
    return examples.length;
  };

  /** A `content` map: each media type's examples against its schema. Returns how many examples it has. */
  const fromContent = (
    content: unknown,
    contentPointer: string,
    base: Omit<Base, "mediaType">,
    prefix: string,
  ): { examples: number; bodies: number } => {
    let examples = 0;
    let bodies = 0;
    if (!isObject(content)) return { examples, bodies };
    const mediaTypes = Object.keys(content);
    for (const mediaType of mediaTypes) {
      const media = content[mediaType];
      if (!isObject(media)) continue;
      bodies++;
      const mediaPointer = `${contentPointer}/${escapeSegment(mediaType)}`;
      const suffix = mediaTypes.length > 1 ? ` (${mediaType})` : "";
      const reason = !isValidatedMediaType(mediaType)
        ? `unsupported media type ${mediaType}`
        : !("schema" in media)
          ? "no schema"
          : undefined;
      if (reason !== undefined) {
        const found = held(media, mediaPointer, prefix, suffix);
        for (const example of found) skip(base, example, example.reason ?? reason);
        examples += found.length;
        continue;
      }
      const schemaPointer = `${mediaPointer}/schema`;
      examples += fromHolder(media, mediaPointer, schemaPointer, { ...base, mediaType }, prefix, suffix);
      schemaExamples(media.schema, schemaPointer, base.operation, base.kind, base.direction, new Set());
    }
    return { examples, bodies };
  };

  /** Schema-level `examples` (and 3.0 `example`) of inline schemas, not following $ref (components are walked once, on their own). */
  const schemaExamples = (
    schema: unknown,
    pointer: string,
    operation: string,
    kind: string,
    direction: Direction,
    seen: Set<unknown>,
    root = pointer,
  ): void => {
    if (!isObject(schema) || seen.has(schema) || typeof schema.$ref === "string") return;
    seen.add(schema);
    const label = (i?: number) =>
      `${kind === "schema" ? "example" : "schema example"}${pointer === root ? "" : ` at ${pointer.slice(root.length)}`}${i === undefined ? "" : ` ${i}`}`;
    if (Array.isArray(schema.examples)) {
      schema.examples.forEach((value, i) => {
        add({
          operation,
          kind,
          label: label(i),
          direction,
          pointer: `${pointer}/examples/${i}`,
          value,
          schemaPointer: pointer,
          schemaRoot: root,
        });
      });
    }
    if ("example" in schema)
      add({
        operation,
        kind,
        label: label(),
        direction,
        pointer: `${pointer}/example`,
        value: schema.example,
        schemaPointer: pointer,
        schemaRoot: root,
      });
    for (const [key, sub] of Object.entries(schema)) {
      if (
        ["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"].includes(key) &&
        isObject(sub)
      ) {
        for (const [name, s] of Object.entries(sub))
          schemaExamples(s, `${pointer}/${key}/${escapeSegment(name)}`, operation, kind, direction, seen, root);
      } else if (["allOf", "anyOf", "oneOf", "prefixItems"].includes(key) && Array.isArray(sub)) {
        sub.forEach((s, i) => {
          schemaExamples(s, `${pointer}/${key}/${i}`, operation, kind, direction, seen, root);
        });
      } else if (
        ["items", "additionalProperties", "not", "if", "then", "else", "contains", "unevaluatedProperties"].includes(
          key,
        )
      ) {
        if (Array.isArray(sub))
          sub.forEach((s, i) => {
            schemaExamples(s, `${pointer}/${key}/${i}`, operation, kind, direction, seen, root);
          });
        else schemaExamples(sub, `${pointer}/${key}`, operation, kind, direction, seen, root);
      }
    }
  };

  /** A parameter or header: its examples against its `schema`, or its `content`. */
  const schemaOrContent = (holder: Record<string, unknown>, pointer: string, base: Base, prefix: string) => {
    if ("schema" in holder) {
      fromHolder(holder, pointer, `${pointer}/schema`, base, prefix);
      schemaExamples(holder.schema, `${pointer}/schema`, base.operation, base.kind, base.direction, new Set());
    } else if ("content" in holder) {
      fromContent(holder.content, `${pointer}/content`, base, prefix);
    } else {
      for (const example of held(holder, pointer, prefix, "")) skip(base, example, example.reason ?? "no schema");
    }
  };

  const all = operations(document, OPERATION_ROOTS);
  for (const operation of all) {
    const name = operation.name;
    for (const p of operation.parameters) {
      const base = { operation: name, kind: "request", direction: "request" as const };
      const prefix = `parameter ${p.name}`;
      schemaOrContent(p.value, p.pointer, base, prefix);
    }

    const body = operation.requestBody;
    if (body) {
      const found = fromContent(
        body.value.content,
        `${body.pointer}/content`,
        { operation: name, kind: "request", direction: "request" },
        "",
      );
      if (found.bodies > 0 && found.examples === 0) {
        gaps.push({ operation: name, kind: "request", pointer: body.pointer, message: "request body has no example" });
      }
    }

    for (const response of operation.responses) {
      const status = response.status;
      const found = fromContent(
        response.value.content,
        `${response.pointer}/content`,
        { operation: name, kind: status, direction: "response" },
        "",
      );
      if (found.bodies > 0 && found.examples === 0) {
        gaps.push({
          operation: name,
          kind: status,
          pointer: response.pointer,
          message: `response ${status} has a body but no example`,
        });
      }
      if (isObject(response.value.headers)) {
        for (const [header, rawHeader] of Object.entries(response.value.headers)) {
          const h = resolve(rawHeader, `${response.pointer}/headers/${escapeSegment(header)}`);
          if (!isObject(h.value)) continue;
          schemaOrContent(
            h.value,
            h.pointer,
            { operation: name, kind: status, direction: "response" },
            `header ${header}`,
          );
        }
      }
    }
  }

  // Component schemas' own examples, in the direction(s) the schema is used in.
  const schemas = getAt(document, ["components", "schemas"]);
  if (isObject(schemas)) {
    let usage: Map<string, Set<Direction>> | undefined;
    const walked = new Set<string>();
    for (const [name, raw] of Object.entries(schemas)) {
      // A component may itself be a $ref (to another file of a multi-file description).
      const { value: schema, pointer } = resolve(raw, toPointer(["components", "schemas", name]));
      if (walked.has(pointer) || !hasSchemaExamples(schema, new Set())) continue;
      walked.add(pointer);
      usage ??= schemaUsage(document, all);
      const used = usage.get(pointer);
      const direction: Direction = used?.size === 1 ? [...used][0]! : "none";
      schemaExamples(schema, pointer, name, "schema", direction, new Set());
    }
  }

  return { cases: dedupeNames(cases), gaps, skipped };
}

/** Keys whose values are examples, data that no schema is reached through. */
const DATA_KEYS: ReadonlySet<string> = new Set(["example", "examples"]);

/** Which directions each location is reached from, following every chain of $refs from the operations. */
function schemaUsage(document: unknown, all: readonly Operation[]): Map<string, Set<Direction>> {
  const usage = new Map<string, Set<Direction>>();
  const roots: Record<"request" | "response", string[]> = { request: [], response: [] };
  for (const operation of all) {
    const item = operation.pointer.slice(0, operation.pointer.lastIndexOf("/"));
    // A Path Item written as a $ref is reached in both directions, as a whole.
    if (item !== operation.itemPointer) {
      roots.request.push(item);
      roots.response.push(item);
    }
    roots.request.push(`${item}/parameters`, `${operation.pointer}/parameters`, `${operation.pointer}/requestBody`);
    roots.response.push(`${operation.pointer}/responses`);
  }
  for (const direction of ["request", "response"] as const) {
    const queue = [...roots[direction]];
    const visited = new Set<string>();
    while (queue.length > 0) {
      const pointer = queue.pop()!;
      if (visited.has(pointer)) continue;
      visited.add(pointer);
      const set = usage.get(pointer) ?? new Set<Direction>();
      set.add(direction);
      usage.set(pointer, set);
      localRefs(getAt(document, parsePointer(pointer)), queue, DATA_KEYS);
    }
  }
  return usage;
}

function dedupeNames(cases: ExampleCase[]): ExampleCase[] {
  const counts = new Map<string, number>();
  for (const c of cases) {
    const n = (counts.get(c.name) ?? 0) + 1;
    counts.set(c.name, n);
    if (n > 1) c.name = `${c.name} #${n}`;
  }
  return cases;
}

function hasSchemaExamples(node: unknown, seen: Set<unknown>): boolean {
  if (typeof node !== "object" || node === null || seen.has(node)) return false;
  seen.add(node);
  if (!Array.isArray(node) && (Array.isArray((node as Record<string, unknown>).examples) || "example" in node))
    return true;
  return Object.values(node).some((v) => hasSchemaExamples(v, seen));
}
