import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
const builtins = new Set(builtinModules);

function files(dir: URL, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(suffix))
    .map((file) => `${dir.pathname.slice(root.pathname.length)}${file}`);
}

/** The package a bare specifier names (`ajv/dist/2020.js` → `ajv`), or undefined for a relative one. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("node:")) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The module specifiers of the code (comments, which quote imports as usage, left out). */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1] as string);
}

const built = [...files(new URL("dist/", root), ".js"), ...files(new URL("dist/", root), ".d.ts")];

describe("what the package ships", () => {
  it("has a build", () => {
    expect(built).toEqual(
      expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/vitest.js", "dist/vitest.d.ts"]),
    );
  });

  it("ships the engine and its command line beside the kit", () => {
    expect(built).toEqual(expect.arrayContaining(["dist/engine/index.js", "dist/engine/index.d.ts", "dist/cli.js"]));
  });

  // Nothing may import a package that a consumer's install would not bring.
  it.each(built.map((file) => ({ name: file, given: readFileSync(new URL(file, root), "utf8") })))(
    "$name imports only node built-ins and declared dependencies",
    ({ given }) => {
      const undeclared = specifiers(given)
        .map(packageOf)
        .filter((name): name is string => name !== undefined && !declared.has(name) && !builtins.has(name));
      expect(undeclared).toEqual([]);
    },
  );
});
