import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { operations } from "@ci-artifacts/spec";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script of this package, without declarations.
import { fillReadme } from "../scripts/readme.mjs";

const packageDir = new URL("../", import.meta.url);
const repoRoot = new URL("../../", packageDir);
const readme = await readFile(new URL("README.md", packageDir), "utf8");
const APIS = ["buddy", "buildkite"] as const;

/** `<!-- sample: path -->` followed by a ```ts block: what the README shows for that file. */
function embedded(): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- sample: (\S+) -->\n```ts\n([\s\S]*?)```\n/g)) {
    found.set(match[1] as string, match[2] as string);
  }
  return found;
}

async function tsFiles(dir: string): Promise<string[]> {
  return (await readdir(new URL(`${dir}/`, repoRoot))).filter((f) => f.endsWith(".ts")).map((f) => `${dir}/${f}`);
}

async function operationIds(api: string): Promise<string[]> {
  const file = createRequire(import.meta.url).resolve(`@ci-artifacts/openapi/${api}.json`);
  return operations(JSON.parse(await readFile(file, "utf8")))
    .map((o) => o.operationId)
    .filter((id): id is string => id !== undefined)
    .sort();
}

const samples = (api: string) => tsFiles(`spec/${api}/code_samples/TypeScript`);
const files = [
  ...(await tsFiles("packages/client/examples")),
  ...(await samples("buddy")),
  ...(await samples("buildkite")),
].sort();

describe("README snippets are the sample files", () => {
  it("every TypeScript block of the README is one of those files, so every one is compiled and run", () => {
    const blocks = [...readme.matchAll(/(.*)\n```ts\n/g)].map((m) => m[1]);
    expect(blocks.filter((line) => !line?.startsWith("<!-- sample: "))).toEqual([]);
  });

  it("every sample and example file is shown, and nothing else", () => {
    expect([...embedded().keys()].sort()).toEqual(files);
  });

  it.each(files)("%s is shown verbatim", async (file) => {
    expect(embedded().get(file)).toBe(await readFile(new URL(file, repoRoot), "utf8"));
  });

  it("scripts/readme.mjs fills a block from its file, whatever was there", () => {
    const given = "a\n<!-- sample: x.ts -->\n```ts\nstale\n```\nb\n";
    expect(fillReadme(given, () => "fresh\n")).toBe("a\n<!-- sample: x.ts -->\n```ts\nfresh\n```\nb\n");
  });

  it.each(APIS)("every %s operation has its sample, named by operationId", async (api) => {
    const want = (await operationIds(api)).map((id) => `spec/${api}/code_samples/TypeScript/${id}.ts`);
    expect((await samples(api)).sort()).toEqual(want);
  });
});
