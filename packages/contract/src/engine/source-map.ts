/**
 * Maps a JSON pointer in a bundled document back to the file and line it was written in, for
 * descriptions split into many files and bundled with component names kept (Redocly's `bundle`,
 * as in Redocly's openapi-starter layout).
 */
import { readdirSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { getAt, isObject, type Position, parsePointer, type SourceFile } from "@ci-artifacts/spec";
import { loadReferenced } from "./mount.js";

/** Where a bundle pointer was written; undefined lets the caller fall back to the bundle's own position. */
export type SourceResolver = (pointer: string) => Position | undefined;

/**
 * Resolves pointers by walking the same path through the multi-file sources from `rootFile`,
 * following each external `$ref` into the file it names. A component the bundler lifted into
 * `#/components/<kind>/<name>` (the sources only refer to its file) is found as the file named
 * `<name>` under a folder named `<kind>` below the root's folder.
 *
 * @param rootFile the sources' entry point, e.g. `spec/buddy/openapi.yaml`
 * @param options.displayBase file names in positions are given relative to this folder (default: as resolved)
 */
export function multiFileSourceResolver(rootFile: string, options: { displayBase?: string } = {}): SourceResolver {
  const files = new Map<string, SourceFile>();
  const root = resolve(rootFile);
  const display = (absolute: string) =>
    options.displayBase === undefined ? absolute : relative(options.displayBase, absolute);
  const load = (absolute: string): SourceFile => {
    let file = files.get(absolute);
    if (!file) {
      file = loadReferenced(absolute, display(absolute));
      files.set(absolute, file);
    }
    return file;
  };
  let componentFiles: Map<string, string> | undefined;
  const componentFile = (kind: string, name: string): string | undefined => {
    componentFiles ??= indexComponentFiles(dirname(root));
    return componentFiles.get(`${kind}/${name}`);
  };

  return (pointer) => {
    const segments = parsePointer(pointer);
    let at = { path: root, segments: [] as string[] };
    let rest = segments;
    if (segments[0] === "components" && segments.length >= 3) {
      const found = walk(load, at, segments.slice(0, 3));
      if (found.done) {
        at = found.at;
      } else {
        const file = componentFile(segments[1]!, segments[2]!);
        if (!file) return undefined;
        at = { path: file, segments: [] };
      }
      rest = segments.slice(3);
    }
    const walked = walk(load, at, rest);
    const position = load(walked.at.path).locate([...walked.at.segments, ...walked.remaining]);
    return position;
  };
}

interface At {
  path: string;
  segments: string[];
}

/** Follows `segments` from `at`, jumping through $refs; stops where the sources have no such node. */
function walk(
  load: (path: string) => SourceFile,
  at: At,
  segments: readonly string[],
): { at: At; done: boolean; remaining: string[] } {
  let current: At = { ...at, segments: [...at.segments] };
  let node = getAt(load(current.path).data, current.segments);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    for (let hops = 0; isObject(node) && typeof node.$ref === "string" && segment !== "$ref" && hops < 32; hops++) {
      const [filePart, fragment = ""] = node.$ref.split("#", 2) as [string, string?];
      const path = filePart ? resolve(dirname(current.path), filePart) : current.path;
      current = { path, segments: parsePointer(fragment) };
      node = getAt(load(path).data, current.segments);
    }
    const next = getAt(node, [segment]);
    if (next === undefined) return { at: current, done: false, remaining: segments.slice(i) };
    current.segments.push(segment);
    node = next;
  }
  return { at: current, done: true, remaining: [] };
}

/** `<kind>/<name>` → file, for every JSON/YAML file that sits in a folder named after a component kind. */
function indexComponentFiles(folder: string): Map<string, string> {
  const kinds = new Set([
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
  ]);
  const index = new Map<string, string>();
  const visit = (dir: string, depth: number) => {
    if (depth > 8) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path, depth + 1);
      else if (/\.(ya?ml|json)$/i.test(entry.name) && kinds.has(basename(dir))) {
        const key = `${basename(dir)}/${basename(entry.name, extname(entry.name))}`;
        if (!index.has(key)) index.set(key, path);
      }
    }
  };
  visit(folder, 0);
  return index;
}
