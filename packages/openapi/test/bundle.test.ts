// What consumers of @ci-artifacts/openapi get: six bundles, byte-identical from
// build to build, listed in the exports map, holding the contract's operations.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { distDir, packageDir, repoRoot, runScript } from "./helpers.js";

/** Resolves a specifier as a consumer of the package would (Node lets a package with exports name itself). */
const resolveExport = createRequire(path.join(packageDir, "package.json")).resolve;

const apis = ["buddy", "buildkite"] as const;
const files = apis.flatMap((api) => [`${api}.yaml`, `${api}.json`, `${api}.dereferenced.json`]);

type Doc = {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
};
type Operation = {
  operationId: string;
  parameters?: { $ref?: string; in?: string; name?: string }[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { $ref?: string; content?: Record<string, MediaType> }>;
};
type MediaType = { example?: unknown; examples?: Record<string, unknown> };

const load = (file: string): Doc => JSON.parse(readFileSync(path.join(distDir, file), "utf8")) as Doc;

const P = "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}";
const operations = [
  {
    api: "buddy",
    operationId: "listArtifacts",
    method: "get",
    path: "/workspaces/{workspace}/artifacts",
    errors: ["401", "403", "404", "429", "default"],
  },
  {
    api: "buddy",
    operationId: "createArtifact",
    method: "post",
    path: "/workspaces/{workspace}/artifacts",
    errors: ["401", "403", "404", "422", "429", "default"],
  },
  {
    api: "buddy",
    operationId: "getArtifact",
    method: "get",
    path: "/workspaces/{workspace}/artifacts/{artifact_id}",
    errors: ["401", "403", "404", "429", "default"],
  },
  {
    api: "buddy",
    operationId: "updateArtifact",
    method: "patch",
    path: "/workspaces/{workspace}/artifacts/{artifact_id}",
    errors: ["401", "403", "404", "422", "429", "default"],
  },
  {
    api: "buddy",
    operationId: "deleteArtifact",
    method: "delete",
    path: "/workspaces/{workspace}/artifacts/{artifact_id}",
    errors: ["401", "403", "404", "429", "default"],
  },
  {
    api: "buildkite",
    operationId: "listBuildArtifacts",
    method: "get",
    path: `${P}/artifacts`,
    errors: ["401", "403", "404", "422", "429", "default"],
  },
  {
    api: "buildkite",
    operationId: "listJobArtifacts",
    method: "get",
    path: `${P}/jobs/{job_id}/artifacts`,
    errors: ["401", "403", "404", "422", "429", "default"],
  },
  {
    api: "buildkite",
    operationId: "getArtifact",
    method: "get",
    path: `${P}/jobs/{job_id}/artifacts/{artifact_id}`,
    errors: ["401", "403", "404", "429", "default"],
  },
  {
    api: "buildkite",
    operationId: "downloadArtifact",
    method: "get",
    path: `${P}/jobs/{job_id}/artifacts/{artifact_id}/download`,
    errors: ["401", "403", "404", "429", "default"],
  },
  {
    api: "buildkite",
    operationId: "deleteArtifact",
    method: "delete",
    path: `${P}/jobs/{job_id}/artifacts/{artifact_id}`,
    errors: ["401", "403", "404", "429", "default"],
  },
] as const;

describe("the package", () => {
  it("dist holds exactly the six bundles", () => {
    expect(readdirSync(distDir).sort()).toEqual([...files].sort());
  });

  // The exports map names dist/'s bundles by pattern (`./<api>.json`), so a newly registered API
  // is exported without an edit here; nothing outside dist/ is reachable.
  it.each(files)("exports %s from dist/", (file) => {
    expect(resolveExport(`@ci-artifacts/openapi/${file}`)).toBe(path.join(distDir, file));
  });

  it.each([
    { name: "a script", given: "scripts/bundle.mjs", want: "ERR_PACKAGE_PATH_NOT_EXPORTED" },
    // Matches the `./*.yaml` pattern, which maps it into dist/, where no such file is.
    { name: "the sources", given: "spec/buddy/openapi.yaml", want: "MODULE_NOT_FOUND" },
    { name: "the package root", given: "", want: "ERR_PACKAGE_PATH_NOT_EXPORTED" },
  ])("exports nothing outside dist/: $name", ({ given, want }) => {
    let code: unknown;
    try {
      resolveExport(`@ci-artifacts/openapi${given ? `/${given}` : ""}`);
    } catch (error) {
      code = (error as { code?: unknown }).code;
    }
    expect(code).toBe(want);
  });

  it("lists dist and its docs as the files to pack", () => {
    const pkg = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { files: string[] };
    expect(pkg.files).toEqual(["dist", "README.md", "CHANGELOG.md"]);
  });

  it("two builds from the same sources are byte-identical", () => {
    const out = mkdtempSync(path.join(tmpdir(), "ci-artifacts-bundle-"));
    try {
      const run = runScript("bundle.mjs", ["--out", out]);
      expect(run.status, run.output).toBe(0);
      for (const file of files) {
        expect(readFileSync(path.join(out, file)).equals(readFileSync(path.join(distDir, file))), file).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it.each(apis)("%s: the YAML and JSON bundles hold the same document", (api) => {
    expect(parse(readFileSync(path.join(distDir, `${api}.yaml`), "utf8"))).toEqual(load(`${api}.json`));
  });

  it.each(apis)("%s: the plain bundle keeps component refs, the dereferenced one has none", (api) => {
    expect(readFileSync(path.join(distDir, `${api}.json`), "utf8")).toContain('"$ref": "#/components/');
    expect(readFileSync(path.join(distDir, `${api}.dereferenced.json`), "utf8")).not.toContain('"$ref"');
  });
});

describe("the contract's operations", () => {
  it.each(operations)("$api $operationId is $method $path", ({ api, operationId, method, path: route }) => {
    const operation = load(`${api}.json`).paths[route]?.[method];
    expect(operation?.operationId).toBe(operationId);
  });

  it.each(apis)("%s has no operation beyond the contract's", (api) => {
    const found = Object.values(load(`${api}.json`).paths).flatMap((item) =>
      Object.values(item).flatMap((op) =>
        typeof op === "object" && op && "operationId" in op ? [op.operationId] : [],
      ),
    );
    expect(found.sort()).toEqual(
      operations
        .filter((o) => o.api === api)
        .map((o) => o.operationId)
        .sort(),
    );
  });

  it.each(operations)(
    "$api $operationId has an example for its request body and every response body",
    ({ api, method, path: route }) => {
      const doc = load(`${api}.dereferenced.json`);
      const operation = doc.paths[route]![method]!;
      const bodies: [string, MediaType][] = [];
      for (const media of Object.values(operation.requestBody?.content ?? {})) bodies.push(["request", media]);
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const media of Object.values(response.content ?? {})) bodies.push([status, media]);
      }
      expect(bodies.length).toBeGreaterThan(0);
      for (const [where, media] of bodies) {
        const count = (media.example === undefined ? 0 : 1) + Object.keys(media.examples ?? {}).length;
        expect(count, `${where} has no example`).toBeGreaterThan(0);
      }
    },
  );

  it.each(operations)("$api $operationId describes its error responses", ({ api, method, path: route, errors }) => {
    const operation = load(`${api}.dereferenced.json`).paths[route]![method]!;
    const statuses = Object.keys(operation.responses).filter((s) => s === "default" || s.startsWith("4"));
    expect(statuses.sort()).toEqual([...errors].sort());
    for (const status of errors) {
      expect(operation.responses[status]?.content?.["application/json"], `${status} has an error body`).toBeDefined();
    }
  });

  it.each(apis)("%s authenticates with a bearer token only, never a token in the query", (api) => {
    const doc = load(`${api}.dereferenced.json`);
    expect(Object.values(doc.components.securitySchemes)).toEqual([
      expect.objectContaining({ type: "http", scheme: "bearer" }),
    ]);
    const text = JSON.stringify(doc.paths);
    expect(text).not.toMatch(/"name":"access_token"/);
    expect(text).not.toMatch(/"in":"cookie"/);
  });
});

describe("the sources under spec/", () => {
  const specDir = path.join(repoRoot, "spec");
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? [full, ...walk(full)] : [full];
    });
  const entries = walk(specDir);
  const yamlText = entries
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");

  it("every folder has a README that says what goes in it", () => {
    const folders = [specDir, ...entries.filter((f) => statSync(f).isDirectory())];
    const missing = folders.filter((dir) => !readdirSync(dir).includes("README.md"));
    expect(missing).toEqual([]);
  });

  // Entries that decide no schema: what a request without a body carries (B16), example values
  // (B24), paths left out (K07), and what the test corpus holds (K14, K16).
  const REGISTER_ONLY = ["B16", "B24", "K07", "K14", "K16"];

  it("the descriptions cite every register entry that decides a schema, and no other", () => {
    const register = readFileSync(path.join(specDir, "DISCREPANCIES.md"), "utf8");
    const defined = [...register.matchAll(/^### ([BK]\d\d) /gm)].map((m) => m[1]);
    const cited = [...new Set([...yamlText.matchAll(/`([BK]\d\d)`/g)].map((m) => m[1]))].sort();
    expect(cited).toEqual(defined.filter((id) => !REGISTER_ONLY.includes(id as string)).sort());
  });

  it("every named example says whose it is: the vendor's (verbatim, or what was changed) or this project's", () => {
    const examples = entries.filter((f) => /[\\/]components[\\/]examples[\\/][^\\/]+\.yaml$/.test(f));
    expect(examples.length).toBeGreaterThan(20);
    const unlabelled = examples.filter((file) => {
      const description = (parse(readFileSync(file, "utf8")) as { description?: unknown }).description;
      if (typeof description !== "string") return true;
      return !(
        /^Written by this project\b/.test(description) ||
        /^The vendor's\b/.test(description) ||
        /\bverbatim\b/.test(description)
      );
    });
    expect(unlabelled.map((file) => path.relative(repoRoot, file))).toEqual([]);
  });

  it("every x- extension used is documented in spec/README.md", () => {
    const readme = readFileSync(path.join(specDir, "README.md"), "utf8");
    const used = new Set([...yamlText.matchAll(/^\s*(x-[\w-]+):/gm)].map((m) => m[1]));
    expect([...used].filter((ext) => !readme.includes(`| \`${ext}\` |`))).toEqual([]);
  });
});
