// `pnpm contract` runs the package's bin and asks turbo for a build only when a build is older than
// its sources: the check, on scratch package folders with set file times.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stale } from "../scripts/freshness.mjs";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A package folder whose files have the given modification times (seconds since the epoch). */
function packageWith(times: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), "ci-artifacts-freshness-"));
  made.push(dir);
  for (const [file, time] of Object.entries(times)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), "");
    utimesSync(join(dir, file), time, time);
  }
  return dir;
}

describe("stale", () => {
  it.each<{ name: string; given: Record<string, number>[]; want: boolean }>([
    {
      name: "a build newer than every source is fresh",
      given: [{ "src/a.ts": 100, "package.json": 100, "dist/a.js": 200, "dist/b/c.js": 201 }],
      want: false,
    },
    { name: "no build at all", given: [{ "src/a.ts": 100 }], want: true },
    {
      name: "a source changed after the build",
      given: [{ "src/deep/a.ts": 300, "dist/a.js": 200 }],
      want: true,
    },
    {
      name: "package.json changed after the build",
      given: [{ "src/a.ts": 100, "package.json": 300, "dist/a.js": 200 }],
      want: true,
    },
    {
      name: "a source newer than the oldest file of the build",
      given: [{ "src/a.ts": 150, "dist/a.js": 100, "dist/b.js": 200 }],
      want: true,
    },
    {
      name: "the second package is stale",
      given: [
        { "src/a.ts": 100, "dist/a.js": 200 },
        { "src/b.ts": 300, "dist/b.js": 200 },
      ],
      want: true,
    },
  ])("$name", ({ given, want }) => {
    expect(stale(given.map(packageWith))).toBe(want);
  });
});

describe("pnpm contract", () => {
  it("the root script runs the package's script, which runs the bin", () => {
    const root = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    };
    const own = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      bin: Record<string, string>;
    };
    expect(root.scripts.contract).toBe("node packages/contract/scripts/contract.mjs");
    expect(readFileSync(new URL("../scripts/contract.mjs", import.meta.url), "utf8")).toContain(
      `await import("../${own.bin["ci-artifacts-contract"]?.replace(/^\.\//, "")}");`,
    );
  });
});
