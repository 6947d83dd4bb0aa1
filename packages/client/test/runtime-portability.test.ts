import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

// The runtime must load in browsers as well as Node 20/22/24: no Node built-in may reach dist/,
// but for the Node subpath (`@ci-artifacts/client/node`). Reading `globalThis.process?.versions`
// to find undici is feature detection that every runtime survives. A module of the Node subpath
// may import Node built-ins only if no other module imports it.
const dist = new URL("../dist/", import.meta.url);
const files = (await readdir(dist, { recursive: true })).filter((f) => f.endsWith(".js")).sort();
const NODE_ONLY = new Set(["node.js", "write-file.js", "file-thread.js", "file-thread-worker.js"]);

const importsOf = (code: string) =>
  [...code.matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);

describe("dist/ runs without Node built-ins", () => {
  it("has the modules of the exports map", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "index.js",
        "buddy.js",
        "buildkite.js",
        "retry.js",
        "events.js",
        "paginate.js",
        "download.js",
        "node.js",
      ]),
    );
  });

  it("keeps its Node-only modules behind the Node subpath", async () => {
    const importers: string[] = [];
    for (const file of files.filter((f) => !NODE_ONLY.has(f))) {
      const imports = importsOf(await readFile(new URL(file, dist), "utf8"));
      if (imports.some((spec) => NODE_ONLY.has(spec?.replace(/^\.\//, "") ?? ""))) importers.push(file);
    }
    expect(importers).toEqual([]);
  });

  it.each(files.map((file) => ({ name: file, given: file })))("$name", async ({ given }) => {
    const code = await readFile(new URL(given, dist), "utf8");
    const imports = importsOf(code);
    const allowed = (spec: string | undefined) =>
      spec?.startsWith("./") || spec === "openapi-fetch" || (NODE_ONLY.has(given) && spec?.startsWith("node:"));
    expect(imports.filter((spec) => !allowed(spec))).toEqual([]);
    expect(code.replace(/globalThis\.process\?\.versions/g, "")).not.toMatch(
      /\b(require\(|process\.|Buffer\b|__dirname|globalThis\.process)/,
    );
  });
});
