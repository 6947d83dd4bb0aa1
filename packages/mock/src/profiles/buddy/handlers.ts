/**
 * What each Buddy operation does to the data (api-facts.md, "Buddy.works REST API"): the list
 * answers the short form its answer schema declares, a create makes an artifact that get, list,
 * update and delete then see, an update changes only the fields sent and raises a scope only.
 */
import { isObject } from "@ci-artifacts/spec";
import { inOrder, propertiesOf, schemaPath } from "../../document/schema.js";
import { empty, json, type TwinResponse } from "../../http/response.js";
import type { Violation } from "../../validate/types.js";
import type { Handler, HandlerContext } from "../types.js";
import {
  artifactSchema,
  DEFAULT_AUTHORIZATION,
  DEFAULT_PERMISSIONS,
  environmentRecord,
  identifierOf,
  learn,
  newId,
  projectRecord,
} from "./load.js";
import { artifactsUrl, render } from "./render.js";
import type { BuddyState, StoredBuddyArtifact, Workspace } from "./types.js";
import { buddyError } from "./vendor.js";

type Context = HandlerContext<BuddyState>;

/** Scopes from the narrowest: an update may only move right (`B07`). */
const SCOPE_ORDER = ["ENVIRONMENT", "PROJECT", "WORKSPACE"];
/** Fields an update cannot set: the server's, and the type (UpdateArtifactRequest has none). */
const NOT_UPDATED = new Set(["url", "html_url", "id", "size", "created_date", "type"]);

const notFound = (message: string) => json(404, buddyError(404, message));
const invalid = (violations: Violation[]) => json(422, buddyError(422, "Validation failed", violations));

function workspaceOf(context: Context): Workspace | TwinResponse {
  return context.state.workspaces.get(String(context.values.path.workspace)) ?? notFound("Workspace not found");
}

function artifactOf(context: Context): StoredBuddyArtifact | TwinResponse {
  const workspace = workspaceOf(context);
  if (!isWorkspace(workspace)) return workspace;
  return workspace.byId.get(String(context.values.path.artifact_id)) ?? notFound("Artifact not found");
}

const isWorkspace = (value: Workspace | TwinResponse): value is Workspace => "byId" in value;
const isArtifact = (value: StoredBuddyArtifact | TwinResponse): value is StoredBuddyArtifact => "workspace" in value;

/** The rules the schema cannot say: a scope needs its project or environment, and identifiers are unique. */
function check(workspace: Workspace, record: Record<string, unknown>, self?: StoredBuddyArtifact): Violation[] {
  const violations: Violation[] = [];
  if (record.scope === "PROJECT" && !isObject(record.project)) {
    violations.push({ in: "body", name: "/project", message: "is required when scope is PROJECT" });
  }
  if (record.scope === "ENVIRONMENT" && !isObject(record.environment)) {
    violations.push({ in: "body", name: "/environment", message: "is required when scope is ENVIRONMENT" });
  }
  const taken = workspace.artifacts.find((a) => a !== self && a.record.identifier === record.identifier);
  if (taken) {
    violations.push({
      in: "body",
      name: "/identifier",
      message: `is already used by artifact ${String(taken.record.id)}`,
      value: record.identifier,
    });
  }
  return violations;
}

/** Sets the request's fields on `record`, the project and environment as the server keeps them. */
function apply(workspace: Workspace, record: Record<string, unknown>, body: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(body)) {
    if (key === "project" && isObject(value)) {
      record.project = projectRecord(workspace.projects.get(String(value.name)) ?? value);
    } else if (key === "environment" && isObject(value)) {
      const known = workspace.environments.get(String(value.id));
      const project = isObject(record.project) ? record.project.name : undefined;
      record.environment = environmentRecord(known ?? value, known?.project ?? project);
    } else if (!NOT_UPDATED.has(key) || !(key in record)) {
      record[key] = value;
    }
  }
}

/** The short form a list answers: the properties its item schema declares (`B10`). */
function summarize(context: Context, artifact: Record<string, unknown>): Record<string, unknown> {
  const keys = summaryKeys(context);
  return Object.fromEntries(keys.filter((key) => key in artifact).map((key) => [key, artifact[key]]));
}

const keysOf = new WeakMap<object, string[]>();
/** The detailed artifact's properties, in the order its schema gives them. */
function artifactKeys(context: Context): string[] {
  let keys = keysOf.get(context.doc);
  if (!keys) {
    keys = propertiesOf(context.doc, artifactSchema(context.doc));
    keysOf.set(context.doc, keys);
  }
  return keys;
}

const summaries = new WeakMap<object, string[]>();
function summaryKeys(context: Context): string[] {
  let keys = summaries.get(context.doc);
  if (!keys) {
    const list = context.doc.contract.bodySchema(context.operationId, "200");
    keys = propertiesOf(context.doc, schemaPath(context.doc, list, "artifacts", "[]"));
    summaries.set(context.doc, keys);
  }
  return keys;
}

export const buddyHandlers: Record<string, Handler<BuddyState>> = {
  listArtifacts(context) {
    const workspace = workspaceOf(context);
    if (!isWorkspace(workspace)) return workspace;
    const { project_name, environment_id } = context.values.query;
    const matching = workspace.artifacts.filter(
      ({ record: { project, environment } }) =>
        (project_name === undefined || (isObject(project) && project.name === project_name)) &&
        (environment_id === undefined || (isObject(environment) && environment.id === environment_id)),
    );
    return json(200, {
      ...artifactsUrl(context.base, workspace.name),
      artifacts: matching.map((artifact) => summarize(context, render(artifact, context.base))),
    });
  },
  createArtifact(context) {
    const workspace = workspaceOf(context);
    if (!isWorkspace(workspace)) return workspace;
    const body = context.body as Record<string, unknown>;
    const record: Record<string, unknown> = {
      id: newId(context.random),
      identifier: identifierOf(String(body.name)),
      size: 0,
      authorization: DEFAULT_AUTHORIZATION,
      permissions: DEFAULT_PERMISSIONS,
      created_date: new Date(Math.floor(context.now() / 1000) * 1000).toISOString().replace(".000", ""),
    };
    apply(workspace, record, body);
    const violations = check(workspace, record);
    if (violations.length) return invalid(violations);
    const artifact: StoredBuddyArtifact = { record: inOrder(record, artifactKeys(context)), workspace };
    // Answered before it is kept: answer() also drops a BASIC password from the record's authorization.
    const answer = context.answer(render(artifact, context.base));
    workspace.byId.set(String(record.id), artifact);
    workspace.artifacts.push(artifact);
    learn(workspace, artifact.record);
    return json(201, answer);
  },
  getArtifact(context) {
    const artifact = artifactOf(context);
    return isArtifact(artifact) ? json(200, context.answer(render(artifact, context.base))) : artifact;
  },
  updateArtifact(context) {
    const artifact = artifactOf(context);
    if (!isArtifact(artifact)) return artifact;
    const body = context.body as Record<string, unknown>;
    const record = { ...artifact.record };
    apply(artifact.workspace, record, body);
    const violations = check(artifact.workspace, record, artifact);
    const from = SCOPE_ORDER.indexOf(String(artifact.record.scope));
    const to = SCOPE_ORDER.indexOf(String(record.scope));
    if (to < from) {
      violations.push({
        in: "body",
        name: "/scope",
        message: `can only be raised: from ${String(artifact.record.scope)} to ${SCOPE_ORDER.slice(from + 1).join(" or ") || "nothing wider"}`,
        value: record.scope,
      });
    }
    if (violations.length) return invalid(violations);
    const rules = record.retention_rules;
    if (Array.isArray(rules)) {
      // Rule ids are the server's to give (`B17`).
      record.retention_rules = rules.map((rule) =>
        isObject(rule) && rule.id === undefined ? { id: context.random.int(1, 999_999), ...rule } : rule,
      );
    }
    const updated: StoredBuddyArtifact = {
      record: inOrder(record, artifactKeys(context)),
      workspace: artifact.workspace,
    };
    // Answered before it is kept: answer() also drops a BASIC password from the record's authorization.
    const answer = context.answer(render(updated, context.base));
    artifact.record = updated.record;
    learn(artifact.workspace, updated.record);
    return json(200, answer);
  },
  deleteArtifact(context) {
    const artifact = artifactOf(context);
    if (!isArtifact(artifact)) return artifact;
    const { workspace } = artifact;
    workspace.byId.delete(String(artifact.record.id));
    workspace.artifacts.splice(workspace.artifacts.indexOf(artifact), 1);
    return empty(204);
  },
};
