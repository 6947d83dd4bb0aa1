import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
const readme = await readFile(new URL("README.md", root), "utf8");

async function exampleFiles(dir = "examples"): Promise<string[]> {
  const entries = await readdir(new URL(`${dir}/`, root), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? exampleFiles(`${dir}/${e.name}`)
        : Promise.resolve(e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : []),
    ),
  );
  return nested.flat().sort();
}

/** `<!-- example: path -->` followed by a ```ts block: what the README shows for that file. */
function embedded(): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- example: (\S+) -->\n```ts\n([\s\S]*?)```\n/g)) {
    found.set(match[1] as string, match[2] as string);
  }
  return found;
}

async function operationIds(api: string): Promise<string[]> {
  const bundle = JSON.parse(
    await readFile(createRequire(import.meta.url).resolve(`@ci-artifacts/openapi/${api}.json`), "utf8"),
  ) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  return Object.values(bundle.paths)
    .flatMap((item) => Object.values(item).map((op) => op.operationId))
    .filter((id): id is string => typeof id === "string")
    .sort();
}

describe("README snippets are the example files", async () => {
  const files = await exampleFiles();
  const shown = embedded();

  it("every example file is shown, and nothing else", () => {
    expect([...shown.keys()].sort()).toEqual(files);
  });

  it.each(files.map((file) => ({ name: file, given: file })))("$name is shown verbatim", async ({ given }) => {
    expect(shown.get(given)).toBe(await readFile(new URL(given, root), "utf8"));
  });

  it.each([
    { name: "Buddy.works", given: "buddy" },
    { name: "Buildkite", given: "buildkite" },
  ])("every $name operation has its example, named by operationId", async ({ given }) => {
    const want = (await operationIds(given)).map((id) => `examples/${given}/${id}.ts`);
    expect(files.filter((f) => f.startsWith(`examples/${given}/`))).toEqual(want);
  });
});
