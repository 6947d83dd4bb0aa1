// The quick check that lets data skip the engine: it vouches only for values the engine finds no
// problem in, whatever is wrong with them, and it vouches for the twin's own data, so loading a
// large data set does not walk every artifact through the engine.
import type { Direction } from "@ci-artifacts/contract/engine";
import { isObject } from "@ci-artifacts/spec";
import { describe, expect, it, vi } from "vitest";
import { TWIN_APIS, type TwinApi } from "../src/apis.js";
import { loadDocument } from "../src/document/load.js";
import { startTwin } from "../src/index.js";
import { artifactSchema } from "../src/profiles/buddy/load.js";
import { buildkiteSchemas } from "../src/profiles/buildkite/load.js";
import { accepts } from "../src/validate/accept.js";

/** Values put in place of each property: wrong types, wrong formats, out of range, nothing at all. */
const ODD: unknown[] = [
  null,
  "",
  "x",
  "not-a-uuid",
  "0f3c9a7e-5d2b-4c6a-8e1f-0d9c7b5a3e2f",
  "https://example.com/a b",
  "2024-13-45T00:00:00Z",
  -1,
  0,
  1.5,
  2 ** 64,
  Number.NaN,
  true,
  {},
  [],
  [{}],
  undefined,
];

const DIRECTIONS: readonly Direction[] = ["request", "response", "none"];

const show = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 200);

/** The value, then each of its properties (and theirs) left out, replaced by each odd value, and one added. */
function variants(value: unknown, depth = 2): unknown[] {
  const out: unknown[] = [value];
  if (depth === 0) return out;
  if (Array.isArray(value)) {
    for (const item of variants(value[0], depth - 1).slice(1)) out.push([item, ...value.slice(1)]);
    return out;
  }
  if (!isObject(value)) return out;
  out.push({ ...value, unknown_field: "x" });
  for (const key of Object.keys(value)) {
    const { [key]: _left, ...rest } = value;
    out.push(rest);
    for (const odd of ODD) out.push({ ...value, [key]: odd });
    for (const inner of variants(value[key], depth - 1).slice(1)) out.push({ ...value, [key]: inner });
  }
  return out;
}

/** The artifacts of a twin's seed, with the schema each is checked against as the twin loads it. */
function seededArtifacts(api: TwinApi, seed: unknown): { schema: string; artifacts: unknown[] } {
  const doc = loadDocument(api);
  const data = seed as Record<string, { artifacts: unknown[] }[] | undefined>;
  const [schema, groups] =
    api === "buildkite" ? [buildkiteSchemas(doc).artifact, data.builds] : [artifactSchema(doc), data.workspaces];
  return { schema, artifacts: (groups ?? []).flatMap((group) => group.artifacts) };
}

describe.each(TWIN_APIS as readonly TwinApi[])("the quick check of the %s description", (api) => {
  const doc = loadDocument(api);

  // Each in both directions too: an answer's example read as a request holds readOnly properties.
  it("vouches for nothing the engine refuses, over every example and its variants", () => {
    const disagreements: string[] = [];
    let vouched = 0;
    let checked = 0;
    for (const example of doc.examples) {
      for (const value of variants(example.value)) {
        for (const direction of DIRECTIONS) {
          checked++;
          if (!accepts(doc, example.schemaPointer, value, direction)) continue;
          vouched++;
          const errors = doc.contract.validatePayload(example.schemaPointer, value, direction);
          const [first] = errors;
          if (first) disagreements.push(`${example.name} (${direction}): ${show(value)}: ${first.message}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    // Not vacuous: it vouches for a good part of what it sees, and refuses the rest.
    expect(vouched).toBeGreaterThan(doc.examples.length);
    expect(vouched).toBeLessThan(checked);
  });

  it("vouches for the twin's own data, artifact by artifact", async () => {
    const twin = await startTwin(api, { artifacts: 60, record: false });
    try {
      const { schema, artifacts } = seededArtifacts(api, twin.seed);
      expect(artifacts.length).toBeGreaterThan(0);
      expect(artifacts.filter((artifact) => !accepts(doc, schema, artifact, "response"))).toEqual([]);
    } finally {
      await twin.close();
    }
  });
});

it("reads a Buildkite artifact without the engine: every keyword of its schema is one it reads", async () => {
  const doc = loadDocument("buildkite");
  const twin = await startTwin("buildkite", { artifacts: 60, record: false });
  const engine = vi.spyOn(doc.contract, "validatePayload");
  try {
    const { schema, artifacts } = seededArtifacts("buildkite", twin.seed);
    expect(artifacts.every((artifact) => accepts(doc, schema, artifact, "response"))).toBe(true);
    expect(engine).not.toHaveBeenCalled();
  } finally {
    engine.mockRestore();
    await twin.close();
  }
});

it("leaves a value the engine refuses to the engine, which names where", async () => {
  const doc = loadDocument("buildkite");
  const good = {
    id: "0f3c9a7e-5d2b-4c6a-8e1f-0d9c7b5a3e2f",
    job_id: "aae578fe-994c-44e6-84da-4102616928ba",
    path: "dist/app.js",
    file_size: 10,
  };
  const artifacts = Array.from({ length: 500 }, (_, i) => ({
    ...good,
    id: `0f3c9a7e-5d2b-4c6a-8e1f-${i.toString(16).padStart(12, "0")}`,
  }));
  artifacts[321] = { ...good, job_id: "job-1" } as (typeof artifacts)[number];
  const schema = buildkiteSchemas(doc).artifact;
  expect(
    accepts(doc, schema, { ...artifacts[321], url: "http://x/y", download_url: "http://x/y/download" }, "response"),
  ).toBe(false);
  await expect(
    startTwin("buildkite", { data: { builds: [{ org_slug: "a", pipeline_slug: "b", build_number: 1, artifacts }] } }),
  ).rejects.toThrow(/^data: \/builds\/0\/artifacts\/321\/job_id: .*uuid.* \(found "job-1"\)$/);
});
