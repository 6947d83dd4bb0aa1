import { readFileSync } from "node:fs";
import { type Node as JsonNode, parseTree, visit } from "jsonc-parser";
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { parsePointer } from "./pointer.js";

export interface Position {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

/** A parsed JSON or YAML file that can say where each of its nodes was written. */
export interface SourceFile {
  /** The path as it was given (reported as-is in messages). */
  file: string;
  data: unknown;
  /**
   * Where the node at `pointer` was written: the key naming it for an object member, the item
   * itself for an array element. A pointer that goes past the data yields the deepest node on
   * its way, so a missing property still points at the object that lacks it.
   */
  locate(pointer: string | readonly string[]): Position | undefined;
  /**
   * `locate` for many pointers at once, where one pass over the text is cheaper than a syntax
   * tree (JSON: a 13 MB description would otherwise build a tree of millions of nodes).
   */
  locateAll?(pointers: readonly (string | readonly string[])[]): (Position | undefined)[];
}

/** Bad input: an unreadable file, invalid JSON/YAML, not an OpenAPI document. Names where. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line === undefined ? "" : `:${line}${column === undefined ? "" : `:${column}`}`}: ${message}`);
    this.name = "InputError";
  }
}

export function loadSourceFile(path: string, displayName: string = path): SourceFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read file (${code ?? String(error)})`, displayName);
  }
  return parseSource(text, displayName);
}

/**
 * JSON text is parsed with JSON.parse, and positions come from jsonc-parser's syntax tree, built
 * when a position is first asked for (on a failure): on a 13 MB description (GitHub's) a YAML
 * parser takes seconds and near a gigabyte for the same positions.
 */
export function parseSource(text: string, file: string): SourceFile {
  const looksLikeJson = /^\s*[[{]/.test(text);
  if (looksLikeJson) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw jsonError(text, file, error as Error);
    }
    let tree: { root: JsonNode | undefined; lines: LineCounter } | undefined;
    return {
      file,
      data,
      locate: (pointer) => {
        tree ??= { root: parseTree(text), lines: countLines(text) };
        return locateInJson(tree.root, tree.lines, file, pointer);
      },
      locateAll: (pointers) => locateAllInJson(text, file, pointers),
    };
  }
  const parsed = parseYaml(text, file);
  let data: unknown;
  try {
    data = parsed.doc.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    throw new InputError(`invalid YAML: ${(error as Error).message}`, file);
  }
  const locate = (pointer: string | readonly string[]) => locateIn(parsed, file, pointer);
  return { file, data, locate, locateAll: (pointers) => pointers.map(locate) };
}

/** An array index in a JSON pointer (RFC 6901 §4): no leading zeros, as `getAt` reads it. */
const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
}

function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, keepSourceTokens: false });
  const first = doc.errors[0];
  if (first) {
    const pos = lines.linePos(first.pos[0]);
    throw new InputError(`invalid YAML: ${first.message.split("\n")[0]}`, file, pos.line, pos.col);
  }
  return { doc, lines };
}

function jsonError(text: string, file: string, error: Error): InputError {
  // Node's messages carry the offset ("... at position 123" or "(line 3 column 5)").
  const lineCol = /line (\d+) column (\d+)/.exec(error.message);
  if (lineCol) return new InputError(`invalid JSON: ${error.message}`, file, Number(lineCol[1]), Number(lineCol[2]));
  const offset = /position (\d+)/.exec(error.message);
  if (offset) {
    const before = text.slice(0, Number(offset[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    return new InputError(
      `invalid JSON: ${error.message.replace(/ in JSON at position \d+.*$/, "")}`,
      file,
      line,
      column,
    );
  }
  return new InputError(`invalid JSON: ${error.message}`, file);
}

function locateIn(parsed: ParsedYaml, file: string, pointer: string | readonly string[]): Position | undefined {
  const segments = typeof pointer === "string" ? parsePointer(pointer) : pointer;
  const { doc, lines } = parsed;
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as Node | null)?.range?.[0];
  for (const segment of segments) {
    node = deref(doc, node);
    let next: { at: number | undefined; value: unknown } | undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === segment,
      );
      if (pair) next = { at: (pair.key as Node | null)?.range?.[0], value: pair.value };
    } else if (isSeq(node) && ARRAY_INDEX.test(segment)) {
      const item = node.items[Number(segment)];
      if (item !== undefined) next = { at: (item as Node | null)?.range?.[0], value: item };
    }
    if (!next) break;
    if (next.at !== undefined) offset = next.at;
    node = next.value;
  }
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return { file, line: pos.line, column: pos.col };
}

function deref(doc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function countLines(text: string): LineCounter {
  const lines = new LineCounter();
  // As yaml's own parser does: the offset at which each line starts, the first one included.
  lines.addNewLine(0);
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
  return lines;
}

function locateInJson(
  root: JsonNode | undefined,
  lines: LineCounter,
  file: string,
  pointer: string | readonly string[],
): Position | undefined {
  if (!root) return undefined;
  const segments = typeof pointer === "string" ? parsePointer(pointer) : pointer;
  let node: JsonNode = root;
  let offset = root.offset;
  for (const segment of segments) {
    let next: { at: number; value: JsonNode } | undefined;
    if (node.type === "object") {
      // The last member of a duplicated key wins, as in JSON.parse.
      const property = node.children?.findLast((p) => p.children?.[0]?.value === segment);
      const [key, value] = property?.children ?? [];
      if (key && value) next = { at: key.offset, value };
    } else if (node.type === "array" && ARRAY_INDEX.test(segment)) {
      const item = node.children?.[Number(segment)];
      if (item) next = { at: item.offset, value: item };
    }
    if (!next) break;
    offset = next.at;
    node = next.value;
  }
  const pos = lines.linePos(offset);
  return { file, line: pos.line, column: pos.col };
}

/** The pointers asked for, as a tree of their segments; each node holds where that value was written. */
interface Wanted {
  children: Map<string, Wanted> | undefined;
  at: Position | undefined;
}

/** The value being read: the node asked for there (if any), an array's next index, an object's current member. */
interface Frame {
  wanted: Wanted | undefined;
  array: boolean;
  index: number;
  member: Wanted | undefined;
}

/**
 * `locate` for many pointers in one pass of jsonc-parser's visitor, which builds no tree and skips
 * the values that no pointer goes into; the same positions as `locateInJson`.
 */
function locateAllInJson(
  text: string,
  file: string,
  pointers: readonly (string | readonly string[])[],
): (Position | undefined)[] {
  const root: Wanted = { children: undefined, at: undefined };
  const paths = pointers.map((pointer) => {
    const path = [root];
    for (const segment of typeof pointer === "string" ? parsePointer(pointer) : pointer) {
      const parent = path[path.length - 1] as Wanted;
      parent.children ??= new Map();
      let child = parent.children.get(segment);
      if (!child) {
        child = { children: undefined, at: undefined };
        parent.children.set(segment, child);
      }
      path.push(child);
    }
    return path;
  });
  const stack: Frame[] = [];
  const mark = (node: Wanted | undefined, line: number, character: number) => {
    // The last member of a duplicated key wins, as in JSON.parse.
    if (node) node.at = { file, line: line + 1, column: character + 1 };
  };
  /** The node asked for at the value that starts here; an array item and the root are placed at themselves. */
  const valueAt = (line: number, character: number): Wanted | undefined => {
    const frame = stack[stack.length - 1];
    if (!frame) {
      mark(root, line, character);
      return root;
    }
    if (!frame.array) return frame.member;
    const item = frame.wanted?.children?.get(String(frame.index++));
    mark(item, line, character);
    return item;
  };
  const open = (array: boolean) => (_offset: number, _length: number, line: number, character: number) => {
    const wanted = valueAt(line, character);
    stack.push({ wanted, array, index: 0, member: undefined });
    // Nothing asked for inside: the visitor skips to the matching end.
    return wanted?.children !== undefined;
  };
  visit(text, {
    onObjectBegin: open(false),
    onArrayBegin: open(true),
    onObjectEnd: () => {
      stack.pop();
    },
    onArrayEnd: () => {
      stack.pop();
    },
    onObjectProperty: (name, _offset, _length, line, character) => {
      const frame = stack[stack.length - 1] as Frame;
      frame.member = frame.wanted?.children?.get(name);
      mark(frame.member, line, character);
    },
    onLiteralValue: (_value, _offset, _length, line, character) => {
      valueAt(line, character);
    },
  });
  return paths.map((path) => path.findLast((node) => node.at !== undefined)?.at);
}
