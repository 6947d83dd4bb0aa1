/**
 * The tests of one generator of the guide in @ci-artifacts/openapi's README, on every registered
 * API: its commands generate (with no warning but the known ones), the output type-checks with
 * the guide's tsconfig, imports, has every operation of the bundle, and calls the twins of
 * `@ci-artifacts/mock` (`twins.ts`), what it must find read from their seeds.
 * One test file per generator, so that vitest runs them side by side.
 */
import { createHash } from "node:crypto";
import { copyFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { operations } from "@ci-artifacts/spec";
import { readRegistry } from "@ci-artifacts/spec/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DownloadTarget, downloadTarget } from "./download.js";
import { type Expected, expectedCalls } from "./expected.js";
import { GENERATORS } from "./generators.js";
import { readGuide } from "./guide.js";
import { PACKAGE_ROOT, type Project, partOf, prepareProject, tsconfigOf } from "./project.js";
import { run } from "./run.js";
import { compile, compileStrictest, flagsOff } from "./strictest.js";
import { closeTwins, downloadable, startTwins, type Twins } from "./twins.js";
import { warningsLeft } from "./warnings.js";

const bundleDir = dirname(fileURLToPath(import.meta.resolve("@ci-artifacts/openapi/buddy.json")));
const guide = readGuide(join(bundleDir, "..", "README.md"));
const apis = readRegistry().map((api) => api.name);
const documents = Object.fromEntries(
  await Promise.all(
    apis.map(async (api) => [api, (await import(join(bundleDir, `${api}.json`), { with: { type: "json" } })).default]),
  ),
) as Record<string, unknown>;
const bundles = apis.flatMap((api) => ["yaml", "json"].map((ext) => join(bundleDir, `${api}.${ext}`)));
const node = process.execPath;

export function describeGenerator(id: string): void {
  const generator = GENERATORS.find((g) => g.id === id);
  if (!generator) throw new Error(`no generator ${id} in generators.ts`);
  describe(id, () => {
    let project: Project;
    const needsStrictest = flagsOff(tsconfigOf(guide, generator)).length > 0;
    const download: DownloadTarget = downloadTarget(partOf(guide, generator), guide.file);
    let twins: Twins | undefined;
    let expected: Expected;

    beforeAll(async () => {
      project = await prepareProject(generator, guide, bundles);
      twins = await startTwins(download);
      expected = expectedCalls(twins, download);
    });
    afterAll(async () => {
      await closeTwins(twins);
    });

    it("generates with no warning but the known ones", () => {
      expect(warningsLeft(project.log, generator.knownWarnings)).toEqual([]);
    });

    it("type-checks with the guide's tsconfig.json, probes included", async () => {
      const src = join(project.dir, "src");
      await copyFile(join(PACKAGE_ROOT, "test", "probes", `${generator.id}.ts`), join(src, "probe.ts"));
      await copyFile(join(PACKAGE_ROOT, "test", "probes", "types.ts"), join(src, "probe-types.ts"));
      await copyFile(join(PACKAGE_ROOT, "test", "probes", "run.ts"), join(src, "run-probe.ts"));
      expect(flagsOff(tsconfigOf(guide, generator))).not.toContain("strict");
      const tsc = await compile(project.dir, needsStrictest);
      expect(tsc.output).toBe("");
      expect(tsc.code).toBe(0);
    });

    // Where the guide's tsconfig.json has all three, the type-check above is this check.
    if (needsStrictest) {
      it("compiles the guide's own TypeScript under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess", async () => {
        const tsc = await compileStrictest(project.dir, project.blocks);
        expect(tsc.output).toBe("");
        expect(tsc.code).toBe(0);
      });
    }

    it.each(apis)("imports the modules generated for %s", async (api) => {
      const entries = generator.entries(api).map((entry) => join(project.dir, "dist", entry));
      const script = `for (const entry of ${JSON.stringify(entries)}) await import(entry);`;
      const imported = await run(node, ["--input-type=module", "-e", script], project.dir);
      expect(imported.output).toBe("");
      expect(imported.code).toBe(0);
    });

    it.each(apis)("has every operation of %s", async (api) => {
      const probe = await run(node, [join("dist", "run-probe.js"), "operations"], project.dir);
      expect(probe.code, probe.output).toBe(0);
      const found = (JSON.parse(probe.output) as Record<string, string[]>)[api] ?? [];
      const missing = operations(documents[api])
        .map((o) => o.name)
        .filter((name) => !found.includes(name));
      expect(missing).toEqual([]);
    });

    it("calls list and get of every API on the twins", async () => {
      const probe = await run(
        node,
        [join("dist", "run-probe.js"), "calls", JSON.stringify(expected.settings)],
        project.dir,
      );
      expect(probe.code, probe.output).toBe(0);
      expect(JSON.parse(probe.output)).toEqual(expected.calls);
    });

    it("reads the download's URL as the guide shows, without following the redirect", async () => {
      if (!twins) throw new Error("no twins");
      const { buildkite } = twins;
      const { artifact } = downloadable(twins, download);
      const printed = await run(node, [join("dist", "download.js")], project.dir, {
        BUILDKITE_API_TOKEN: buildkite.token,
        BUILDKITE_API_URL: buildkite.url,
      });
      expect(printed.code, printed.output).toBe(0);
      const url = printed.output.trim();
      expect(url.startsWith(`${buildkite.storageOrigin}/`), url).toBe(true);
      expect(buildkite.received.storage).toBe(0);
      // The URL printed is the artifact's own: its file has the size and checksum the API gives.
      const file = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect({ size: file.length, sha1: createHash("sha1").update(file).digest("hex") }).toEqual({
        size: artifact.file_size,
        sha1: artifact.sha1sum,
      });
    });
  });
}
