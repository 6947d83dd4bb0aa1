import { operations } from "@ci-artifacts/spec";
import { describe, expect, it } from "vitest";
import { apis, bundle } from "./bundles.js";

/** Valid payloads to break one thing at a time (the vendor's own examples). */
const buddyCreate = { name: "Secure Artifact", type: "BUCKET", scope: "PROJECT", project: { name: "secure-project" } };
const buddyArtifact = {
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
const buildkiteArtifact = {
  id: "76365070-34d5-4104-8b91-952780f8029f",
  job_id: "aae578fe-994c-44e6-84da-4102616928ba",
  url: "https://api.buildkite.com/v2/organizations/my-great-org/pipelines/my-pipeline/builds/1/jobs/aae578fe-994c-44e6-84da-4102616928ba/artifacts/76365070-34d5-4104-8b91-952780f8029f",
  download_url:
    "https://api.buildkite.com/v2/organizations/my-great-org/pipelines/my-pipeline/builds/1/jobs/aae578fe-994c-44e6-84da-4102616928ba/artifacts/76365070-34d5-4104-8b91-952780f8029f/download",
  state: "finished",
  path: "dist/app.tar.gz",
  dirname: "dist",
  filename: "app.tar.gz",
  mime_type: "application/x-gzip",
  file_size: 529371,
  glob_path: null,
  original_path: null,
  sha1sum: "884c4ad3f2545c85c69d0d0ef50c5d4f5266f0b7",
};

const without = <T extends object>(value: T, key: keyof T): Partial<T> => {
  const copy = { ...value };
  delete copy[key];
  return copy;
};

interface Row {
  name: string;
  given: { api: string; operation: string; kind: string; payload: unknown };
  /** [JSON pointer, keyword] of each expected error. */
  want: [string, string][];
}

const rows: Row[] = [
  // Buddy, requests
  {
    name: "buddy create: a type no enum lists (FILES, B05)",
    given: { api: "buddy", operation: "createArtifact", kind: "request", payload: { ...buddyCreate, type: "FILES" } },
    want: [["/type", "enum"]],
  },
  {
    name: "buddy create: a scope that does not exist",
    given: { api: "buddy", operation: "createArtifact", kind: "request", payload: { ...buddyCreate, scope: "GLOBAL" } },
    want: [["/scope", "enum"]],
  },
  {
    name: "buddy create: missing the required name",
    given: { api: "buddy", operation: "createArtifact", kind: "request", payload: without(buddyCreate, "name") },
    want: [["/name", "required"]],
  },
  {
    name: "buddy create: a name that is not a string",
    given: { api: "buddy", operation: "createArtifact", kind: "request", payload: { ...buddyCreate, name: 42 } },
    want: [["/name", "type"]],
  },
  {
    name: "buddy create: a misspelt property",
    given: { api: "buddy", operation: "createArtifact", kind: "request", payload: { ...buddyCreate, identifer: "x" } },
    want: [["/identifer", "unevaluatedProperties"]],
  },
  {
    name: "buddy create: retention rules are set by an update (B18)",
    given: {
      api: "buddy",
      operation: "createArtifact",
      kind: "request",
      payload: { ...buddyCreate, retention_rules: [] },
    },
    want: [["/retention_rules", "unevaluatedProperties"]],
  },
  {
    name: "buddy create: BASIC authorization without credentials",
    given: {
      api: "buddy",
      operation: "createArtifact",
      kind: "request",
      payload: { ...buddyCreate, authorization: { type: "BASIC" } },
    },
    want: [
      ["/authorization/user", "required"],
      ["/authorization/password", "required"],
    ],
  },
  {
    name: "buddy create: BASIC authorization without its password (B21)",
    given: {
      api: "buddy",
      operation: "createArtifact",
      kind: "request",
      payload: { ...buddyCreate, authorization: { type: "BASIC", user: "apiuser" } },
    },
    want: [["/authorization/password", "required"]],
  },
  {
    name: "buddy update: BASIC authorization without its password (B21)",
    given: {
      api: "buddy",
      operation: "updateArtifact",
      kind: "request",
      payload: { authorization: { type: "BASIC", user: "apiuser" } },
    },
    want: [["/authorization/password", "required"]],
  },
  {
    name: "buddy create: null where a request field is optional (B20: requests admit no null)",
    given: { api: "buddy", operation: "createArtifact", kind: "request", payload: { ...buddyCreate, project: null } },
    want: [["/project", "type"]],
  },
  {
    name: "buddy create: an authorization type that does not exist",
    given: {
      api: "buddy",
      operation: "createArtifact",
      kind: "request",
      payload: { ...buddyCreate, authorization: { type: "OAUTH" } },
    },
    want: [["/authorization/type", "enum"]],
  },
  {
    name: "buddy create: credentials on NONE authorization",
    given: {
      api: "buddy",
      operation: "createArtifact",
      kind: "request",
      payload: { ...buddyCreate, authorization: { type: "NONE", user: "u" } },
    },
    want: [["/authorization/user", "unevaluatedProperties"]],
  },
  {
    name: "buddy create: a server-set url is not part of a request body",
    given: {
      api: "buddy",
      operation: "createArtifact",
      kind: "request",
      payload: { ...buddyCreate, url: buddyArtifact.url },
    },
    want: [["/url", "unevaluatedProperties"]],
  },
  {
    name: "buddy update: an allowed pipeline without its project",
    given: {
      api: "buddy",
      operation: "updateArtifact",
      kind: "request",
      payload: { allowed_pipelines: [{ pipeline: "deploy" }] },
    },
    want: [["/allowed_pipelines/0/project", "required"]],
  },
  {
    name: "buddy create: an environment id typed as a number (B02)",
    given: {
      api: "buddy",
      operation: "createArtifact",
      kind: "request",
      payload: { ...buddyCreate, scope: "ENVIRONMENT", environment: { id: 7 } },
    },
    want: [["/environment/id", "type"]],
  },
  {
    name: "buddy update: a scope in lower case",
    given: { api: "buddy", operation: "updateArtifact", kind: "request", payload: { scope: "workspace" } },
    want: [["/scope", "enum"]],
  },
  {
    name: "buddy update: a user permission with an unknown level",
    given: {
      api: "buddy",
      operation: "updateArtifact",
      kind: "request",
      payload: { permissions: { users: [{ id: 42, access_level: "OWNER" }] } },
    },
    want: [["/permissions/users/0/access_level", "enum"]],
  },
  {
    name: "buddy update: the type cannot be changed",
    given: { api: "buddy", operation: "updateArtifact", kind: "request", payload: { type: "NPM" } },
    want: [["/type", "unevaluatedProperties"]],
  },
  // Buddy, responses
  {
    name: "buddy get: the BASIC password in a response",
    given: {
      api: "buddy",
      operation: "getArtifact",
      kind: "200",
      payload: { ...buddyArtifact, authorization: { type: "BASIC", user: "apiuser", password: "<YOUR-PASSWORD>" } },
    },
    want: [["/authorization/password", "x-contract-forbidden"]],
  },
  {
    name: "buddy get: a BASIC authorization without its user (B21)",
    given: {
      api: "buddy",
      operation: "getArtifact",
      kind: "200",
      payload: { ...buddyArtifact, authorization: { type: "BASIC" } },
    },
    want: [["/authorization/user", "required"]],
  },
  {
    name: "buddy get: the size left out, which every example carries (B10)",
    given: { api: "buddy", operation: "getArtifact", kind: "200", payload: without(buddyArtifact, "size") },
    want: [["/size", "required"]],
  },
  {
    name: "buddy get: a null identifier, which is never empty (B10, B20)",
    given: { api: "buddy", operation: "getArtifact", kind: "200", payload: { ...buddyArtifact, identifier: null } },
    want: [["/identifier", "type"]],
  },
  {
    name: "buddy get: the artifact id as the integer the tables say (B01)",
    given: { api: "buddy", operation: "getArtifact", kind: "200", payload: { ...buddyArtifact, id: 5169 } },
    want: [["/id", "type"]],
  },
  {
    name: "buddy get: a negative size",
    given: { api: "buddy", operation: "getArtifact", kind: "200", payload: { ...buddyArtifact, size: -1 } },
    want: [["/size", "minimum"]],
  },
  {
    name: "buddy get: a date that is not a date-time",
    given: {
      api: "buddy",
      operation: "getArtifact",
      kind: "200",
      payload: { ...buddyArtifact, created_date: "2024-01-10" },
    },
    want: [["/created_date", "format"]],
  },
  {
    name: "buddy get: an identifying field missing (B10)",
    given: { api: "buddy", operation: "getArtifact", kind: "200", payload: without(buddyArtifact, "identifier") },
    want: [["/identifier", "required"]],
  },
  {
    name: "buddy list: artifacts that are not a list",
    given: {
      api: "buddy",
      operation: "listArtifacts",
      kind: "200",
      payload: { url: buddyArtifact.url, html_url: buddyArtifact.html_url, artifacts: { id: "x5169jL2" } },
    },
    want: [["/artifacts", "type"]],
  },
  {
    name: "buddy error: an empty error body (B13)",
    given: { api: "buddy", operation: "getArtifact", kind: "404", payload: {} },
    want: [["", "minProperties"]],
  },
  // Buildkite, responses
  {
    name: "buildkite get: an id that is not a UUID",
    given: { api: "buildkite", operation: "getArtifact", kind: "200", payload: { ...buildkiteArtifact, id: "12345" } },
    want: [["/id", "format"]],
  },
  {
    name: "buildkite get: a job id that is not a UUID",
    given: {
      api: "buildkite",
      operation: "getArtifact",
      kind: "200",
      payload: { ...buildkiteArtifact, job_id: "job-1" },
    },
    want: [["/job_id", "format"]],
  },
  {
    name: "buildkite get: a state that does not exist",
    given: {
      api: "buildkite",
      operation: "getArtifact",
      kind: "200",
      payload: { ...buildkiteArtifact, state: "uploaded" },
    },
    want: [["/state", "enum"]],
  },
  {
    name: "buildkite get: a file size as a string",
    given: {
      api: "buildkite",
      operation: "getArtifact",
      kind: "200",
      payload: { ...buildkiteArtifact, file_size: "529371" },
    },
    want: [["/file_size", "type"]],
  },
  {
    name: "buildkite get: a null sha1sum, which is always present (K11)",
    given: {
      api: "buildkite",
      operation: "getArtifact",
      kind: "200",
      payload: { ...buildkiteArtifact, sha1sum: null },
    },
    want: [["/sha1sum", "type"]],
  },
  {
    name: "buildkite get: a deprecated path that is neither a string nor null (K06)",
    given: {
      api: "buildkite",
      operation: "getArtifact",
      kind: "200",
      payload: { ...buildkiteArtifact, glob_path: 42 },
    },
    want: [["/glob_path", "type"]],
  },
  {
    name: "buildkite list: an item missing its sha1sum",
    given: {
      api: "buildkite",
      operation: "listBuildArtifacts",
      kind: "200",
      payload: [buildkiteArtifact, without(buildkiteArtifact, "sha1sum")],
    },
    want: [["/1/sha1sum", "required"]],
  },
  {
    name: "buildkite list: an unknown property in an item",
    given: {
      api: "buildkite",
      operation: "listJobArtifacts",
      kind: "200",
      payload: [{ ...buildkiteArtifact, size: 1 }],
    },
    want: [["/0/size", "unevaluatedProperties"]],
  },
  {
    name: "buildkite download: no url",
    given: { api: "buildkite", operation: "downloadArtifact", kind: "302", payload: {} },
    want: [["/url", "required"]],
  },
  {
    name: "buildkite 429: the limit as a string",
    given: {
      api: "buildkite",
      operation: "getArtifact",
      kind: "429",
      payload: { message: "slow down", scope: "rest_user", limit: "50", current: 55, reset: 42 },
    },
    want: [["/limit", "type"]],
  },
  {
    name: "buddy delete 404: an error entry without its message",
    given: { api: "buddy", operation: "deleteArtifact", kind: "404", payload: { errors: [{}] } },
    want: [["/errors/0/message", "required"]],
  },
  {
    name: "buildkite delete 404: Buddy's single-message form",
    given: { api: "buildkite", operation: "deleteArtifact", kind: "404", payload: { error: "No artifact found" } },
    want: [
      ["/message", "required"],
      ["/error", "unevaluatedProperties"],
    ],
  },
];

describe("wrong payloads fail, at the expected pointer", () => {
  it.each(apis)("%s: every operation has a row", (api) => {
    const covered = new Set(rows.filter((row) => row.given.api === api).map((row) => row.given.operation));
    const all = operations(bundle(api).document).map((operation) => operation.operationId);
    expect(all.filter((id) => !covered.has(id as string))).toEqual([]);
  });

  it.each(rows)("$name", ({ given, want }) => {
    const contract = bundle(given.api);
    const direction = given.kind === "request" ? "request" : "response";
    const errors = contract.validatePayload(contract.bodySchema(given.operation, given.kind), given.payload, direction);
    expect(errors.map((e) => [e.instancePath, e.keyword])).toEqual(want);
  });
});
