/**
 * JSON pointers (RFC 6901) in their URI-fragment form `#/a/b~1c`, the form OpenAPI `$ref`s use.
 */

export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** `['paths', '/a']` → `#/paths/~1a` */
export function toPointer(segments: readonly (string | number)[]): string {
  return `#${segments.map((s) => `/${escapeSegment(s)}`).join("")}`;
}

/** `#/paths/~1a` (or `/paths/~1a`) → `['paths', '/a']`. Percent-encoding of the URI fragment is undone. */
export function parsePointer(pointer: string): string[] {
  let p = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  if (p === "" || p === "/") return p === "/" ? [""] : [];
  if (!p.startsWith("/")) throw new Error(`not a JSON pointer: ${pointer}`);
  if (p.includes("%")) {
    try {
      p = decodeURIComponent(p);
    } catch {
      // A literal `%` that is not an escape: keep the pointer as written.
    }
  }
  return p.slice(1).split("/").map(unescapeSegment);
}

/** Appends an Ajv `instancePath` (`/a/0`) to a pointer (`#/x`). */
export function joinPointer(base: string, instancePath: string): string {
  return instancePath === "" ? base : base + instancePath;
}

export function getAt(root: unknown, segments: readonly string[]): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
      node = node[Number(segment)];
    } else if (isObject(node)) {
      if (!Object.hasOwn(node, segment)) return undefined;
      node = node[segment];
    } else {
      return undefined;
    }
  }
  return node;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
