// A user's clone has nothing beside it: no tracked file may read, cite or depend on a path
// outside the repository (a relative path that climbs out of it, an absolute path on a
// developer's machine, a turbo input that climbs above the root). The examples below build such
// paths from parts, so that this file passes its own check.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support.js";

/** Relative paths as written (`../a/b`), absolute ones on this kind of machine, and turbo's root-relative ones. */
const RELATIVE = /(?<![\w.$/-])((?:\.\.\/)+)([\w.$-]*)/g;
const TURBO_ROOT = /\$TURBO_ROOT\$\/((?:\.\.\/?)+)/g;
const ABSOLUTE = /(?<![\w.:/-])\/(?:work|home|root|tmp\/fresh)\/[\w.-]+/g;
/**
 * The folder beside the repository that developers have and users do not. The examples below
 * build its paths from this name, so that no line of this file is itself such a path.
 */
const SIBLING = "shared";
const UP = "..";
const ROOT = ["repo", "Root"].join("");

/** Segments joined in code above the root (the root, then a climb), or a sibling of that name. */
const JOINED = new RegExp(`\\b\\w*[Rr]oot\\w*,\\s*["']\\.\\.["']|["']\\.\\.["'],\\s*["']${SIBLING}["']`, "g");

/**
 * pnpm's lockfile names workspace packages relative to each importer: its paths are pnpm's, not
 * ours.
 */
const SKIPPED = new Set(["pnpm-lock.yaml"]);

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
    {
      name: "a sibling folder",
      given: `see ${UP}/${UP}/${SIBLING}/vendor-docs/page.txt`,
      want: [`docs/a.md:1: ${UP}/${UP}/${SIBLING}`],
    },
    {
      name: "a turbo input above the root",
      given: `"$TURBO_ROOT$/${UP}/${SIBLING}/**"`,
      want: [`docs/a.md:1: $TURBO_ROOT$/${UP}/`],
    },
    {
      name: "a developer's absolute path",
      given: `read /work/${SIBLING}/x`,
      want: [`docs/a.md:1: /work/${SIBLING}`],
    },
    {
      name: "segments joined above the root",
      given: `join(${ROOT}, "${UP}", "x")`,
      want: [`docs/a.md:1: ${ROOT}, "${UP}"`],
    },
    {
      name: "a sibling named as the developers' folder",
      given: `join(here, "${UP}", "${SIBLING}")`,
      want: [`docs/a.md:1: "${UP}", "${SIBLING}"`],
    },
    { name: "segments joined below a folder", given: 'join(here, "..", "dist")', want: [] },
    { name: "a path that stays inside", given: "see ../spec/sources/page.txt and ../README.md", want: [] },
    { name: "an up-and-down path inside", given: "import x from '../test-support/src/env.js'", want: [] },
  ])("finds $name", ({ given, want }) => {
    expect(outsideReferences("/repo", ["docs/a.md"], () => given)).toEqual(want);
  });
});
