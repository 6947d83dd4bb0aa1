/**
 * The APIs this repository describes, read from one place: the `apis:` of the root
 * `redocly.yaml`, where Redocly CLI reads them too. Adding an API is one folder under `spec/`
 * and one entry there.
 * @see https://redocly.com/docs/cli/configuration/reference/apis
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { InputError } from "./source.js";

export const REGISTRY_FILE = "redocly.yaml";

export interface ApiEntry {
  /** The key under `apis:`: the bundle's name (`dist/<name>.json`) and the docs' page name. */
  name: string;
  /** The entry point, absolute. */
  root: string;
  /** The folder of the entry point, absolute. */
  folder: string;
}

/** The nearest folder at or above `from` that holds `redocly.yaml`. */
export function findRepoRoot(from: string = process.cwd()): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, REGISTRY_FILE))) return dir;
    if (dirname(dir) === dir) throw new InputError(`no ${REGISTRY_FILE} at or above this folder`, resolve(from));
  }
}

/** The registered APIs of the repository at `repoRoot`, in the order written. */
export function readRegistry(repoRoot: string = findRepoRoot()): ApiEntry[] {
  const file = join(repoRoot, REGISTRY_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, file);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (offset: number | undefined) => (offset === undefined ? undefined : lines.linePos(offset));
  const fail = (message: string, offset?: number): never => {
    const pos = at(offset);
    throw new InputError(message, file, pos?.line, pos?.col);
  };
  const first = doc.errors[0];
  if (first) fail(`invalid YAML: ${first.message.split("\n")[0]}`, first.pos[0]);
  const apis = doc.get("apis", true);
  if (!isMap(apis) || apis.items.length === 0) return fail("`apis:` must map each API's name to its `root`", 0);
  return apis.items.map((pair) => {
    const key = pair.key;
    const name = isScalar(key) ? String(key.value) : "";
    const keyOffset = isScalar(key) ? key.range?.[0] : undefined;
    if (!/^[a-z][a-z0-9-]*$/.test(name)) {
      fail(`API name ${JSON.stringify(name)}: use lower case letters, digits and dashes`, keyOffset);
    }
    const entry = pair.value;
    const root = isMap(entry) ? entry.get("root") : undefined;
    if (typeof root !== "string") fail(`apis.${name}: needs \`root:\`, the path of its entry point`, keyOffset);
    const absolute = resolve(repoRoot, root as string);
    return { name, root: absolute, folder: dirname(absolute) };
  });
}

/** The names of the registered APIs. */
export function apiNames(repoRoot?: string): string[] {
  return readRegistry(repoRoot).map((api) => api.name);
}
