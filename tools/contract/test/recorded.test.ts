// Response bodies that other parties recorded from the live APIs, or wrote for their own clients'
// tests, checked against the bundles in the response direction: with this project's engine, and
// with an independent OpenAPI 3.1 validator (@hyperjump/json-schema) that knows nothing of this
// project, so that a consumer's own standard validator is known to agree.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BASIC } from "@hyperjump/json-schema/experimental";
import { type OutputUnit, setShouldValidateFormat, type Validator, validate } from "@hyperjump/json-schema/openapi-3-1";
import "@hyperjump/json-schema/formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bundle, repoRoot } from "./bundles.js";

interface Expected {
  pointer: string;
  keyword: string;
}

interface Body {
  file: string;
  api: string;
  operation: string;
  status: string;
  kind: "recorded" | "hand-written";
  source: { repository: string; path: string; commit: string; date: string; recorded?: string };
  redacted?: { what: string; register: string };
  fails?: { rule: string; register: string; errors: Expected[] };
}

const require = createRequire(import.meta.url);
const folder = fileURLToPath(new URL("fixtures/recorded/", import.meta.url));
const bodies = parse(readFileSync(join(folder, "index.yaml"), "utf8")) as Body[];
const read = (file: string): unknown => JSON.parse(readFileSync(join(folder, file), "utf8"));
const register = readFileSync(join(repoRoot, "spec", "DISCREPANCIES.md"), "utf8");
const inRegister = (id: string) => new RegExp(`^### ${id} `, "m").test(register);

// ---- the independent validator -------------------------------------------------------------

// Formats (uuid, uri, date-time) are assertions here, as they are in this project's engine.
setShouldValidateFormat(true);

// @hyperjump/json-schema reads a file as an OpenAPI document when its name ends in `openapi.json`.
const copies = mkdtempSync(join(tmpdir(), "ci-artifacts-recorded-"));
const documents = new Map<string, { url: string; doc: OpenApiDocument }>();

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { operationId?: string; requestBody?: Reference; responses?: Record<string, Reference> }>
  >;
  components?: { responses?: Record<string, Reference> };
}
interface Reference {
  $ref?: string;
  content?: Record<string, unknown>;
}

function document(api: string) {
  let entry = documents.get(api);
  if (!entry) {
    const file = join(copies, `${api}.openapi.json`);
    copyFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), file);
    entry = { url: pathToFileURL(file).href, doc: JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument };
    documents.set(api, entry);
  }
  return entry;
}

const segment = (s: string) => encodeURIComponent(s.replace(/~/g, "~0").replace(/\//g, "~1"));
const fragment = (segments: string[]) => `#${segments.map((s) => `/${segment(s)}`).join("")}`;

/** The URI of the JSON body schema of an operation's request (`status` "request") or response, in the plain bundle. */
function schemaUri(api: string, operationId: string, status: string): string {
  const { url, doc } = document(api);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation?.operationId !== operationId) continue;
      let where =
        status === "request" ? ["paths", path, method, "requestBody"] : ["paths", path, method, "responses", status];
      let target = status === "request" ? operation.requestBody : operation.responses?.[status];
      const ref = target?.$ref?.match(/^#\/components\/responses\/(.+)$/)?.[1];
      if (ref !== undefined) {
        where = ["components", "responses", ref];
        target = doc.components?.responses?.[ref];
      }
      if (target?.content?.["application/json"] === undefined)
        throw new Error(`${api} ${operationId} ${status} has no JSON body`);
      return url + fragment([...where, "content", "application/json", "schema"]);
    }
  }
  throw new Error(`${api} has no operation ${operationId}`);
}

/** Every error the independent validator reports, as { pointer, keyword } like the engine's. */
async function independent(api: string, operationId: string, status: string, value: unknown): Promise<Expected[]> {
  // Every value checked here came from JSON (a fixture file or a literal of JSON values).
  const output = await validate(schemaUri(api, operationId, status), value as Parameters<Validator>[0], BASIC);
  if (output.valid) return [];
  const flatten = (units: OutputUnit[] = []): OutputUnit[] => units.flatMap((u) => [u, ...flatten(u.errors)]);
  return flatten(output.errors).map((unit) => ({
    pointer: unit.instanceLocation.replace(/^#/, ""),
    keyword: unit.keyword.slice(unit.keyword.lastIndexOf("/") + 1),
  }));
}

/** The errors of this project's engine, in the given direction. */
function engine(api: string, operationId: string, status: string, value: unknown): Expected[] {
  const contract = bundle(api);
  const direction = status === "request" ? "request" : "response";
  const errors = contract.validatePayload(contract.bodySchema(operationId, status), value, direction);
  return errors.map((e) => ({ pointer: e.instancePath, keyword: e.keyword }));
}

const sortErrors = (errors: Expected[]) =>
  [...errors].sort((a, b) => `${a.pointer} ${a.keyword}`.localeCompare(`${b.pointer} ${b.keyword}`));
/** The leaf errors: an independent validator also reports the composite keywords (`properties`, `$ref`) above them. */
const leaves = (errors: Expected[]) =>
  errors.filter(
    (e) => !["properties", "items", "$ref", "allOf", "anyOf", "oneOf", "discriminator"].includes(e.keyword),
  );

// ---- the corpus -----------------------------------------------------------------------------

describe("the corpus of recorded bodies", () => {
  it("index.yaml lists exactly the body files of the folder", () => {
    const files = readdirSync(folder).filter((f) => f.endsWith(".json"));
    expect(bodies.map((b) => b.file).sort()).toEqual(files.sort());
  });

  it.each(bodies)("$file names its source and kind", (body) => {
    expect(["recorded", "hand-written"]).toContain(body.kind);
    expect(body.source.repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
    expect(body.source.path).not.toBe("");
    expect(body.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(body.source.date).toMatch(/^\d{4}-\d\d-\d\d$/);
    if (body.kind === "recorded") {
      expect(body.source.recorded, "a recorded body says when it was recorded").toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(body.fails, "a body recorded from the live API is evidence, never expected to fail").toBeUndefined();
    }
    for (const id of [body.redacted?.register, body.fails?.register]) {
      if (id !== undefined) expect(inRegister(id), `${id} is an entry of spec/DISCREPANCIES.md`).toBe(true);
    }
  });

  it("no body carries an AWS access key ID other than AWS's documented placeholders", () => {
    for (const file of readdirSync(folder)) {
      const keys = readFileSync(join(folder, file), "utf8").match(/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g) ?? [];
      expect(
        keys.filter((key) => !key.endsWith("IOSFODNN7EXAMPLE")),
        file,
      ).toEqual([]);
    }
  });
});

describe("every recorded body validates in the response direction, or fails as listed", () => {
  it.each(bodies.map((b) => ({ ...b, name: `${b.api} ${b.operation} ${b.status} ${b.kind} ${b.file}` })))(
    "$name",
    async (body) => {
      const value = read(body.file);
      const want = sortErrors(body.fails?.errors ?? []);
      const fromEngine = engine(body.api, body.operation, body.status, value);
      expect(sortErrors(fromEngine), "this project's engine").toEqual(want);
      const fromIndependent = await independent(body.api, body.operation, body.status, value);
      expect(sortErrors(leaves(fromIndependent)), "the independent OpenAPI 3.1 validator").toEqual(want);
    },
  );
});

// ---- the acceptance bodies ------------------------------------------------------------------

/** The vendor's example answer to a get request (spec/sources/buddy-artifacts-get.md:171-187). */
const buddyGetExample = {
  url: "https://api.buddy.works/workspaces/ttests/artifacts/x5169jL2",
  html_url: "https://app.buddy.works/ttests/-/artifacts/x5169jL2/versions",
  id: "x5169jL2",
  name: "Shared Library Artifact",
  identifier: "shared-lib",
  type: "CONTAINER",
  scope: "WORKSPACE",
  authorization: { type: "NONE" },
  permissions: { others: "READ_ONLY" },
  size: 2147483648,
  created_date: "2024-01-10T08:20:00Z",
};

/** Written by this project: that workspace artifact as Buddy's overview says it comes, every empty field `null` (B20). */
const buddyWorkspaceArtifactWithNulls = {
  ...buddyGetExample,
  project: null,
  environment: null,
  allowed_pipelines: null,
  pipelines_access_level: null,
  allowed_sandboxes: null,
  sandboxes_access_level: null,
  retention_rules: null,
};

/** Written by this project: the vendor's create answer (buddy-artifacts-create.txt:177) for a BASIC artifact, without the password the server never returns (B21). */
const buddyBasicArtifact = {
  url: "https://api.buddy.works/workspaces/ttests/artifacts/x5169jL2",
  html_url: "https://app.buddy.works/ttests/-/artifacts/x5169jL2/versions",
  id: "x5169jL2",
  name: "Secure Artifact",
  identifier: "secure-artifact",
  type: "BUCKET",
  project: {
    url: "https://api.buddy.works/workspaces/ttests/projects/secure-project",
    html_url: "https://app.buddy.works/ttests/projects/secure-project",
    name: "secure-project",
    display_name: "Secure Project",
  },
  scope: "PROJECT",
  authorization: { type: "BASIC", user: "apiuser" },
  permissions: { others: "READ_ONLY" },
  size: 0,
  created_date: "2024-01-22T09:15:00Z",
};

/** The vendor's secure-artifact request (buddy-artifacts-create.txt:175) without its password, as a create and as an update. */
const basicWithoutPassword = { type: "BASIC", user: "apiuser" };
const requestsWithoutPassword = {
  createArtifact: {
    name: "Secure Artifact",
    type: "BUCKET",
    scope: "PROJECT",
    project: { name: "secure-project" },
    authorization: basicWithoutPassword,
  },
  updateArtifact: { authorization: basicWithoutPassword },
};

describe("acceptance: what the real APIs send validates, with both validators", () => {
  it('a Buildkite body with "glob_path": "dist/*" (buildkite/docs, 2019) validates in the response direction', async () => {
    const docs = bodies.find((b) => b.file === "buildkite-docs-2019-get-artifact-200.json")!;
    const value = read(docs.file) as { glob_path: unknown };
    expect(value.glob_path).toBe("dist/*");
    expect(engine("buildkite", "getArtifact", "200", value)).toEqual([]);
    expect(await independent("buildkite", "getArtifact", "200", value)).toEqual([]);
  });

  it("a Buildkite body recorded with string glob_path and original_path validates in the response direction", async () => {
    const value = read("buildkite-shopify-buildkit-list-build-artifacts-200.json") as { glob_path: unknown }[];
    expect(value.map((a) => typeof a.glob_path)).toEqual(["string", "string"]);
    expect(engine("buildkite", "listBuildArtifacts", "200", value)).toEqual([]);
    expect(await independent("buildkite", "listBuildArtifacts", "200", value)).toEqual([]);
  });

  it('a Buddy workspace artifact with "project": null validates in the response direction', async () => {
    expect(buddyWorkspaceArtifactWithNulls.project).toBeNull();
    expect(engine("buddy", "getArtifact", "200", buddyWorkspaceArtifactWithNulls)).toEqual([]);
    expect(await independent("buddy", "getArtifact", "200", buddyWorkspaceArtifactWithNulls)).toEqual([]);
  });

  it("a Buddy BASIC artifact without a password validates in the response direction", async () => {
    expect(buddyBasicArtifact.authorization).not.toHaveProperty("password");
    for (const [operation, status] of [
      ["getArtifact", "200"],
      ["createArtifact", "201"],
      ["updateArtifact", "200"],
    ] as const) {
      expect(engine("buddy", operation, status, buddyBasicArtifact), `${operation} ${status}`).toEqual([]);
      expect(await independent("buddy", operation, status, buddyBasicArtifact), `${operation} ${status}`).toEqual([]);
    }
  });

  it("a BASIC authorization without a password still fails in the request direction", async () => {
    // A standard validator tries every branch of the authorization union: NONE and BUDDY fail on
    // `type`, BASIC on the missing password; this project's engine follows the discriminator.
    const fromIndependentWanted = sortErrors([
      { pointer: "/authorization", keyword: "required" },
      { pointer: "/authorization/type", keyword: "const" },
      { pointer: "/authorization/type", keyword: "enum" },
      { pointer: "/authorization/type", keyword: "const" },
      { pointer: "/authorization/type", keyword: "enum" },
    ]);
    for (const [operation, body] of Object.entries(requestsWithoutPassword)) {
      expect(engine("buddy", operation, "request", body), operation).toEqual([
        { pointer: "/authorization/password", keyword: "required" },
      ]);
      expect(sortErrors(leaves(await independent("buddy", operation, "request", body))), operation).toEqual(
        fromIndependentWanted,
      );
      // The password is all that is missing: with it, both validators accept the request.
      const complete = { ...body, authorization: { ...basicWithoutPassword, password: "<YOUR-PASSWORD>" } };
      expect(engine("buddy", operation, "request", complete), operation).toEqual([]);
      expect(await independent("buddy", operation, "request", complete), operation).toEqual([]);
    }
  });
});
