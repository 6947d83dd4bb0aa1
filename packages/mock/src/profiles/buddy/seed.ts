/**
 * The seeded Buddy data: one workspace, named by the list operation's parameter example, whose
 * first artifact is the description's own example answer (id kept), and the rest drawn from what
 * the examples hold (names, projects, environments, authorizations, permissions) and from the
 * schema's enums (type, scope).
 */
import { isObject } from "@ci-artifacts/spec";
import { bodyExamples, parameterExample } from "../../document/examples.js";
import type { ApiDocument } from "../../document/load.js";
import { operationOf } from "../../document/load.js";
import { enumOf, schemaPath } from "../../document/schema.js";
import { createRandom } from "../../random.js";
import type { SeedOptions } from "../types.js";
import { artifactSchema, identifierOf, newId } from "./load.js";
import type { BuddyArtifactData, BuddyData, BuddyWhere } from "./types.js";

/** Operations whose answers are one artifact in its detailed form. */
const ARTIFACT_ANSWERS: [string, string][] = [
  ["getArtifact", "200"],
  ["createArtifact", "201"],
  ["updateArtifact", "200"],
];
const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2024, 0, 1);

export function seedBuddy(doc: ApiDocument, options: SeedOptions, where: BuddyWhere = {}): BuddyData {
  const workspace =
    where.workspace ?? String(parameterExample(operationOf(doc, "listArtifacts"), "workspace") ?? "my-company");
  const random = createRandom(options.seed, `buddy ${workspace}`);
  const values = examplesOf(doc);
  const artifacts: BuddyArtifactData[] = values.artifacts.slice(0, options.artifacts).map(withoutUrls);
  const schema = artifactSchema(doc);
  const types = enumOf(doc, schemaPath(doc, schema, "type"));
  const scopes = enumOf(doc, schemaPath(doc, schema, "scope"));
  const names = values.names.length ? values.names : ["Artifact"];
  for (let i = artifacts.length; i < options.artifacts; i++) {
    const name = `${random.pick(names)} ${i}`;
    const scope = String(random.pick(scopes));
    const environment =
      scope === "ENVIRONMENT" && values.environments.length ? random.pick(values.environments) : undefined;
    const project =
      scope !== "WORKSPACE" && values.projects.length
        ? (environment?.project ?? random.pick(values.projects).project)
        : undefined;
    const artifact: BuddyArtifactData = {
      id: newId(random),
      name,
      identifier: identifierOf(name),
      type: random.pick(types),
      scope: project === undefined ? "WORKSPACE" : scope === "ENVIRONMENT" && !environment ? "PROJECT" : scope,
      size: random.int(0, 5_000_000_000),
      authorization: random.pick(values.authorizations),
      permissions: random.pick(values.permissions),
      created_date: new Date(FIRST_DAY + random.int(0, 365) * DAY + random.int(0, DAY / 1000 - 1) * 1000)
        .toISOString()
        .replace(".000", ""),
    };
    if (project !== undefined) artifact.project = project;
    if (environment) artifact.environment = environment.environment;
    artifacts.push(artifact);
  }
  return { api: "buddy", workspaces: [{ workspace, artifacts }] };
}

interface Pools {
  artifacts: Record<string, unknown>[];
  names: string[];
  projects: { project: Record<string, unknown> }[];
  environments: { environment: Record<string, unknown>; project: Record<string, unknown> | undefined }[];
  authorizations: Record<string, unknown>[];
  permissions: Record<string, unknown>[];
}

/** What the examples hold: whole artifacts (one per id), and the values the drawn ones take after them. */
function examplesOf(doc: ApiDocument): Pools {
  const pools: Pools = {
    artifacts: [],
    names: [],
    projects: [],
    environments: [],
    authorizations: [],
    permissions: [],
  };
  const ids = new Set<string>();
  const seen = new Set<string>();
  const add = <T>(list: T[], value: T) => {
    const key = JSON.stringify(value);
    if (!seen.has(key)) {
      seen.add(key);
      list.push(value);
    }
  };
  const artifactLike = [
    ...ARTIFACT_ANSWERS.flatMap(([operationId, status]) => bodyExamples(doc, operationId, status)),
    ...bodyExamples(doc, "createArtifact", "request"),
  ];
  for (const example of artifactLike) {
    const value = example.value;
    if (!isObject(value)) continue;
    if (example.kind !== "request" && typeof value.id === "string" && !ids.has(value.id)) {
      ids.add(value.id);
      pools.artifacts.push(value);
    }
    if (typeof value.name === "string") add(pools.names, value.name);
    const project = isObject(value.project) ? withoutUrls(value.project) : undefined;
    if (project) add(pools.projects, { project });
    if (isObject(value.environment)) add(pools.environments, { environment: withoutUrls(value.environment), project });
    // A request's BASIC authorization carries a password, which an answer never holds (`B21`).
    if (isObject(value.authorization) && example.kind !== "request") add(pools.authorizations, value.authorization);
    if (isObject(value.permissions)) add(pools.permissions, value.permissions);
  }
  if (!pools.authorizations.length) pools.authorizations.push({ type: "NONE" });
  if (!pools.permissions.length) pools.permissions.push({ others: "READ_ONLY" });
  return pools;
}

function withoutUrls(value: Record<string, unknown>): Record<string, unknown> {
  const { url: _url, html_url: _html, ...rest } = value;
  return rest;
}
