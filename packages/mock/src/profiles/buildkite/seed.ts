/**
 * The seeded Buildkite data: one build, named by the list operation's parameter examples, whose
 * first artifacts are the description's own example artifacts (ids, jobs, paths, states and sizes
 * kept) and the rest drawn in their likeness.
 */
import { isObject } from "@ci-artifacts/spec";
import { bodyExamples, parameterExample } from "../../document/examples.js";
import type { ApiDocument } from "../../document/load.js";
import { operationOf } from "../../document/load.js";
import { enumOf, schemaPath } from "../../document/schema.js";
import { createRandom } from "../../random.js";
import type { SeedOptions } from "../types.js";
import { buildkiteSchemas } from "./load.js";
import type { BuildkiteArtifactData, BuildkiteData, BuildkiteWhere } from "./types.js";

/** Operations whose answers are artifacts: their examples are the first seeded artifacts. */
const EXAMPLE_SOURCES = ["getArtifact", "listBuildArtifacts", "listJobArtifacts"];
/** Fields the twin writes itself, so the examples' values are not carried over. */
const SERVER_WRITTEN = new Set(["url", "download_url", "sha1sum"]);
/** Where jobs put what they upload, beside the examples' own folders. */
const FOLDERS = ["dist", "logs", "coverage", "reports", "tmp/screenshots"];
const FILES: Record<string, readonly string[]> = {
  dist: ["app.tar.gz", "bundle.js", "app.zip"],
  logs: ["build.log", "test.log"],
  coverage: ["lcov.info", "index.html"],
  reports: ["junit.xml", "results.json"],
  "tmp/screenshots": ["failure.png"],
};
/** How often each state turns up: most uploads finish. */
const WEIGHTS: Record<string, number> = { finished: 16, new: 2, error: 1, expired: 1 };
/** The most artifacts one job holds before the seed gives the build another job. */
const PER_JOB = 50;

export function seedBuildkite(doc: ApiDocument, options: SeedOptions, where: BuildkiteWhere = {}): BuildkiteData {
  const list = operationOf(doc, "listBuildArtifacts");
  const org_slug = where.org_slug ?? String(parameterExample(list, "org_slug") ?? "my-great-org");
  const pipeline_slug = where.pipeline_slug ?? String(parameterExample(list, "pipeline_slug") ?? "my-pipeline");
  const build_number = where.build_number ?? Number(parameterExample(list, "build_number") ?? 1);
  const random = createRandom(options.seed, `buildkite ${org_slug}/${pipeline_slug}/${build_number}`);

  const examples = exampleArtifacts(doc).slice(0, options.artifacts);
  const jobs = [...new Set(examples.map((a) => String(a.job_id)))];
  const exampleJob = parameterExample(operationOf(doc, "getArtifact"), "job_id");
  if (typeof exampleJob === "string" && !jobs.includes(exampleJob)) jobs.push(exampleJob);
  while (jobs.length < Math.ceil(options.artifacts / PER_JOB)) jobs.push(random.uuid());

  const schemas = buildkiteSchemas(doc);
  const states = enumOf(doc, schemaPath(doc, schemas.artifact, "state")).filter(
    (state): state is string => typeof state === "string" && state in WEIGHTS,
  );
  const artifacts: BuildkiteArtifactData[] = [...examples];
  for (let i = artifacts.length; i < options.artifacts; i++) {
    const folder = random.pick(FOLDERS);
    const file = random.pick(FILES[folder] ?? ["file.bin"]);
    const dot = file.indexOf(".");
    const filename = `${file.slice(0, dot)}-${i}${file.slice(dot)}`;
    artifacts.push({
      id: random.uuid(),
      job_id: jobs[i % jobs.length],
      state: weighted(states, random.float()),
      path: `${folder}/${filename}`,
      file_size: random.int(64, 16_384),
    });
  }
  return { api: "buildkite", builds: [{ org_slug, pipeline_slug, build_number, jobs, artifacts }] };
}

function exampleArtifacts(doc: ApiDocument): BuildkiteArtifactData[] {
  const byId = new Map<string, BuildkiteArtifactData>();
  for (const operationId of EXAMPLE_SOURCES) {
    for (const example of bodyExamples(doc, operationId, "200")) {
      for (const item of Array.isArray(example.value) ? example.value : [example.value]) {
        if (!isObject(item) || typeof item.id !== "string" || byId.has(item.id)) continue;
        byId.set(item.id, Object.fromEntries(Object.entries(item).filter(([key]) => !SERVER_WRITTEN.has(key))));
      }
    }
  }
  return [...byId.values()];
}

function weighted(states: readonly string[], draw: number): string {
  const total = states.reduce((sum, state) => sum + (WEIGHTS[state] ?? 0), 0);
  let left = draw * total;
  for (const state of states) {
    left -= WEIGHTS[state] ?? 0;
    if (left < 0) return state;
  }
  return states[0] ?? "finished";
}
