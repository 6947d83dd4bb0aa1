/**
 * Descriptions split into files: every file reached through an external `$ref` is mounted
 * under `#/x-contract-files/<n>` of one in-memory document, and the refs are rewritten to point
 * there, so the rest of the engine sees a single document while positions and pointers are still
 * reported in the file each node was written in.
 */

import { readFileSync } from "node:fs";
import { basename, dirname, extname, relative, resolve } from "node:path";
import {
  InputError,
  isObject,
  loadSourceFile,
  type Position,
  parsePointer,
  type SourceFile,
  toPointer,
} from "@ci-artifacts/spec";

export const MOUNT = "x-contract-files";

export interface MountedSource extends SourceFile {
  /** `file#/pointer` for a pointer into a mounted file; the pointer itself for the root. */
  describe(pointer: string): string;
}

/** Does `data` hold a `$ref` to another file? (URLs are left to fail as unresolvable.) */
export function hasExternalRefs(data: unknown): boolean {
  const stack = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && isFileRef(value)) return true;
      stack.push(value);
    }
  }
  return false;
}

function isFileRef(ref: string): boolean {
  return !ref.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(ref);
}

/**
 * A referenced file: JSON or YAML is parsed; any other file (a code sample for `x-codeSamples`)
 * is its text, as bundlers resolve it.
 */
export function loadReferenced(path: string, displayName: string): SourceFile {
  if (/\.(ya?ml|json)$/i.test(path)) return loadSourceFile(path, displayName);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InputError(`cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, displayName);
  }
  return { file: displayName, data: text, locate: () => ({ file: displayName, line: 1, column: 1 }) };
}

/**
 * @param root the entry file, already loaded
 * @param rootPath its absolute path
 * @param displayBase file names are reported relative to this folder
 */
export function mountFiles(root: SourceFile, rootPath: string, displayBase: string): MountedSource {
  const files: { path: string; source: SourceFile }[] = [];
  const index = new Map<string, number>();
  const queue: number[] = [];
  const absoluteRoot = resolve(rootPath);

  /** The pointer prefix for a file: '' for the root, `/x-contract-files/<n>` for the others. */
  const prefixOf = (path: string): string => {
    if (path === absoluteRoot) return "";
    let n = index.get(path);
    if (n === undefined) {
      n = files.length;
      files.push({ path, source: loadReferenced(path, relative(displayBase, path)) });
      index.set(path, n);
      queue.push(n);
    }
    return `/${MOUNT}/${n}`;
  };

  const rewrite = (ref: string, from: string): string => {
    if (!isFileRef(ref)) {
      return ref.startsWith("#") ? `#${prefixOf(from)}${ref.slice(1)}` : ref;
    }
    const [filePart, fragment = ""] = ref.split("#", 2) as [string, string?];
    return `#${prefixOf(resolve(dirname(from), decodeURI(filePart)))}${fragment}`;
  };

  /** Example values are data: a `$ref` inside one is not a reference. */
  const copy = (node: unknown, from: string, path: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => copy(item, from, [...path, String(i)]));
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const literal = key === "example" || (key === "value" && path.at(-2) === "examples");
      if (literal) out[key] = value;
      else if (key === "$ref" && typeof value === "string") out[key] = rewrite(value, from);
      else if (key === "mapping" && path.at(-1) === "discriminator" && isObject(value)) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([k, v]) => [
            k,
            typeof v === "string" && /[#/]|\.(ya?ml|json)$/i.test(v) ? rewrite(v, from) : v,
          ]),
        );
      } else out[key] = copy(value, from, [...path, key]);
    }
    return out;
  };

  const data = copy(root.data, absoluteRoot, []) as Record<string, unknown>;
  const mounted: unknown[] = [];
  for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
    const file = files[n]!;
    mounted[n] = copy(file.source.data, file.path, []);
  }
  data[MOUNT] = mounted;
  liftSchemas(
    data,
    files.map((f) => f.path),
  );

  const split = (pointer: string): { file?: { path: string; source: SourceFile }; rest: string[] } => {
    const segments = parsePointer(pointer);
    if (segments[0] === MOUNT && segments[1] !== undefined)
      return { file: files[Number(segments[1])], rest: segments.slice(2) };
    return { rest: segments };
  };

  return {
    file: root.file,
    data,
    locate: (pointer): Position | undefined => {
      const { file, rest } = split(typeof pointer === "string" ? pointer : toPointer(pointer));
      return (file?.source ?? root).locate(rest);
    },
    describe: (pointer) => {
      const { file, rest } = split(pointer);
      return file ? `${file.source.file}${toPointer(rest)}` : pointer;
    },
  };
}

/**
 * As a bundler would, list each mounted file of a `schemas` folder under
 * `#/components/schemas/<file name>`, so that schema-level examples and discriminators' implicit
 * mappings (which name components) find them.
 */
function liftSchemas(data: Record<string, unknown>, paths: readonly string[]): void {
  if (!isObject(data.components)) data.components = {};
  const components = data.components as Record<string, unknown>;
  if (!isObject(components.schemas)) components.schemas = {};
  const schemas = components.schemas as Record<string, unknown>;
  paths.forEach((path, n) => {
    if (basename(dirname(path)) !== "schemas") return;
    const name = basename(path, extname(path));
    if (!(name in schemas)) schemas[name] = { $ref: `#/${MOUNT}/${n}` };
  });
}
