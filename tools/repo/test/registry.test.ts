// The registry (redocly.yaml's `apis:`) is the one list of APIs: in a scratch copy of the
// repository, a third API added as one folder under spec/ and one registry entry is linted,
// bundled, checked by the contract suite and given its reference in the docs, by the very
// scripts `pnpm build` and `pnpm test` run, with no other file edited.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readRegistry } from "@ci-artifacts/spec/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./support.js";

let scratch: string;
const run = (command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) => {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? repoRoot,
    encoding: "utf8",
    env: { ...process.env, ...options.env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};
const script = (relative: string) => path.join(repoRoot, relative);

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "ci-artifacts-registry-"));
  for (const entry of ["spec", "redocly.yaml", ".spectral.yaml"]) {
    cpSync(path.join(repoRoot, entry), path.join(scratch, entry), { recursive: true });
  }
  // The third API: one folder (a copy of a real one, so that it passes every lint rule) ...
  cpSync(path.join(scratch, "spec", "buildkite"), path.join(scratch, "spec", "acme"), { recursive: true });
  const entry = path.join(scratch, "spec", "acme", "openapi.yaml");
  writeFileSync(entry, readFileSync(entry, "utf8").replace(/^ {2}title: .*$/m, "  title: Acme Artifacts API"));
  // ... and one registry entry.
  const registry = path.join(scratch, "redocly.yaml");
  writeFileSync(
    registry,
    readFileSync(registry, "utf8").replace(/^apis:\n/m, "apis:\n  acme:\n    root: spec/acme/openapi.yaml\n"),
  );
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("a third API is one folder plus one registry entry", () => {
  it("is registered", () => {
    expect(readRegistry(scratch).map((api) => api.name)).toEqual(["acme", "buddy", "buildkite"]);
  });

  it("is linted by Redocly and Spectral", () => {
    const redocly = run("node", [script("packages/openapi/scripts/lint.mjs"), "--root", scratch]);
    expect(redocly.status, redocly.output).toBe(0);
    expect(redocly.output).toContain("validating spec/acme/openapi.yaml");
    const spectral = run("node", [script("packages/openapi/scripts/spectral.mjs"), "--root", scratch]);
    expect(spectral.status, spectral.output).toBe(0);
    expect(spectral.output).toContain("spectral: acme passed");
  });

  it("is bundled, then checked by the contract suite, then given its reference in the docs", () => {
    const bundles = path.join(scratch, "dist");
    const bundle = run("node", [script("packages/openapi/scripts/bundle.mjs"), "--root", scratch, "--out", bundles]);
    expect(bundle.status, bundle.output).toBe(0);
    for (const file of ["acme.yaml", "acme.json", "acme.dereferenced.json"]) {
      expect(existsSync(path.join(bundles, file)), file).toBe(true);
    }

    const report = path.join(scratch, "suite.json");
    const suite = run(
      script("tools/contract/node_modules/.bin/vitest"),
      ["run", "test/bundles.test.ts", "--reporter=json", `--outputFile=${report}`, "-t", "^acme"],
      { cwd: script("tools/contract"), env: { CONTRACT_SUITE_ROOT: scratch, CONTRACT_SUITE_BUNDLES: bundles } },
    );
    expect(suite.status, suite.output).toBe(0);
    const results = (
      JSON.parse(readFileSync(report, "utf8")) as {
        testResults: { assertionResults: { fullName: string; status: string }[] }[];
      }
    ).testResults.flatMap((file) => file.assertionResults);
    const ran = results.filter((r) => r.status !== "skipped" && r.status !== "pending");
    // Every example of the new API is a case of its own, and the suite's checks of the whole API ran.
    expect(ran.every((r) => r.status === "passed" && r.fullName.startsWith("acme "))).toBe(true);
    expect(ran.filter((r) => /^acme 'acme listBuildArtifacts /.test(r.fullName)).length).toBeGreaterThan(5);
    expect(ran.map((r) => r.fullName)).toContain(
      "acme acme: every request body, and every response with a body, has an example",
    );

    const site = path.join(scratch, "site");
    const docs = run("node", [
      script("packages/docs/scripts/build.mjs"),
      "--root",
      scratch,
      "--bundles",
      bundles,
      "--out",
      site,
    ]);
    expect(docs.status, docs.output).toBe(0);
    expect(existsSync(path.join(site, "acme", "index.html"))).toBe(true);
    const landing = readFileSync(path.join(site, "index.html"), "utf8");
    // The pages are minified: an attribute's quotes are left out where HTML allows it.
    const link = '<a href="?acme/index\\.html"?>Acme Artifacts API</a>';
    // Its card on the landing page, and its entry in the top bar.
    expect(landing).toMatch(new RegExp(`<h2>${link}</h2>`));
    expect(landing).toMatch(new RegExp(`<nav aria-label="?Site"?>(?:(?!</nav>).)*${link}`));
  });
});
