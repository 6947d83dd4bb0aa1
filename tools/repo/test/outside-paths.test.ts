// A user's clone has nothing beside it: no tracked file may read, cite or depend on a path
// outside the repository (`../shared/...`, an absolute path on a developer's machine, a turbo
// input under `$TURBO_ROOT$/..`).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support.js";

/** Relative paths as written (`../a/b`), absolute ones on this kind of machine, and turbo's root-relative ones. */
const RELATIVE = /(?<![\w.$/-])((?:\.\.\/)+)([\w.$-]*)/g;
const TURBO_ROOT = /\$TURBO_ROOT\$\/((?:\.\.\/?)+)/g;
const ABSOLUTE = /(?<![\w.:/-])\/(?:work|home|root|tmp\/fresh)\/[\w.-]+/g;
/** Segments joined in code above the root: `join(repoRoot, "..", ...)`, or a sibling named `shared`. */
const JOINED = /\b\w*[Rr]oot\w*,\s*["']\.\.["']|["']\.\.["'],\s*["']shared["']/g;

/**
 * pnpm's lockfile names workspace packages relative to each importer: its paths are pnpm's, not
 * ours. This file holds the patterns themselves, as examples.
 */
const SKIPPED = new Set(["pnpm-lock.yaml", "tools/repo/test/outside-paths.test.ts"]);

export function outsideReferences(root: string, files: readonly string[], read: (file: string) => string) {
  const found: string[] = [];
  for (const file of files) {
    if (SKIPPED.has(file)) continue;
    const text = read(file);
    if (text.includes("\0")) continue;
    text.split("\n").forEach((line, i) => {
      const where = `${file}:${i + 1}`;
      for (const m of line.matchAll(RELATIVE)) {
        const target = path.resolve(root, path.dirname(file), `${m[1]}${m[2]}`);
        if (path.relative(root, target).startsWith("..")) found.push(`${where}: ${m[0]}`);
      }
      for (const m of line.matchAll(TURBO_ROOT)) found.push(`${where}: ${m[0]}`);
      for (const m of line.matchAll(ABSOLUTE)) found.push(`${where}: ${m[0]}`);
      for (const m of line.matchAll(JOINED)) found.push(`${where}: ${m[0]}`);
    });
  }
  return found;
}

describe("the repository is self-contained", () => {
  it("no tracked file refers to a path outside it", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" })
      .split("\0")
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    expect(outsideReferences(repoRoot, files, (f) => readFileSync(path.join(repoRoot, f), "utf8"))).toEqual([]);
  });

  it.each([
    { name: "a sibling folder", given: "see ../../shared/vendor-docs/page.txt", want: ["docs/a.md:1: ../../shared"] },
    {
      name: "a turbo input above the root",
      given: '"$TURBO_ROOT$/../shared/**"',
      want: ["docs/a.md:1: $TURBO_ROOT$/../"],
    },
    { name: "a developer's absolute path", given: "read /work/shared/x", want: ["docs/a.md:1: /work/shared"] },
    {
      name: "segments joined above the root",
      given: 'join(repoRoot, "..", "x")',
      want: ['docs/a.md:1: repoRoot, ".."'],
    },
    { name: "a sibling named shared", given: 'join(here, "..", "shared")', want: ['docs/a.md:1: "..", "shared"'] },
    { name: "segments joined below a folder", given: 'join(here, "..", "dist")', want: [] },
    { name: "a path that stays inside", given: "see ../spec/sources/page.txt and ../README.md", want: [] },
    { name: "an up-and-down path inside", given: "import x from '../test-support/src/env.js'", want: [] },
  ])("finds $name", ({ given, want }) => {
    expect(outsideReferences("/repo", ["docs/a.md"], () => given)).toEqual(want);
  });
});
