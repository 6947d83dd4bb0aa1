/**
 * Buddy data, read and checked: each workspace named by the list operation's path parameter, each
 * artifact in its detailed form, checked against the get operation's answer schema once the twin
 * has written its URLs.
 */
import { isObject } from "@ci-artifacts/spec";
import type { ApiDocument } from "../../document/load.js";
import { operationOf } from "../../document/load.js";
import { inOrder, propertiesOf } from "../../document/schema.js";
import type { Random } from "../../random.js";
import { arrayAt, checkApiField, checkSchema, child, fail, objectAt } from "../data.js";
import type { DataSource } from "../types.js";
import { render } from "./render.js";
import type { BuddyState, StoredBuddyArtifact, Workspace } from "./types.js";

const CHECK_BASE = "http://127.0.0.1";
/** Buddy's ids are short opaque strings (`B01`), such as `x5169jL2`. */
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/** The creation date of an artifact given without one, fixed so that the same data answers the same. */
export const DEFAULT_DATE = "2024-01-01T00:00:00Z";
/** What every vendor example of an artifact carries when nothing else is said. */
export const DEFAULT_AUTHORIZATION = { type: "NONE" };
export const DEFAULT_PERMISSIONS = { others: "READ_ONLY" };

export const newId = (random: Random) => random.text(8, ID_ALPHABET);

/** `My Project Artifact` → `my-project-artifact`: how Buddy derives an identifier from a name. */
export const identifierOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "artifact";

export function artifactSchema(doc: ApiDocument): string {
  return doc.contract.bodySchema("getArtifact", "200");
}

export function newWorkspace(name: string): Workspace {
  return { name, artifacts: [], byId: new Map(), projects: new Map(), environments: new Map() };
}

/** Remembers the artifact's project and environment, for the artifacts created later that name them. */
export function learn(workspace: Workspace, record: Record<string, unknown>): void {
  const { project, environment } = record;
  if (isObject(project) && typeof project.name === "string") workspace.projects.set(project.name, project);
  if (isObject(environment) && typeof environment.id === "string")
    workspace.environments.set(environment.id, environment);
}

/** A project as stored: the twin writes its URLs; a project named by `name` alone shows that as its display name. */
export function projectRecord(project: Record<string, unknown>): Record<string, unknown> {
  const { url: _url, html_url: _html, ...rest } = project;
  return { display_name: rest.name, ...rest };
}

/** An environment as stored, with the project it belongs to (not answered: it places the environment's URLs). */
export function environmentRecord(environment: Record<string, unknown>, project: unknown): Record<string, unknown> {
  const { url: _url, html_url: _html, ...rest } = environment;
  const named = { name: rest.id, identifier: rest.id, ...rest };
  return project === undefined ? named : { ...named, project };
}

export function loadBuddy(doc: ApiDocument, data: unknown, source: DataSource, random: Random): BuddyState {
  const schema = artifactSchema(doc);
  const keys = propertiesOf(doc, schema);
  const list = operationOf(doc, "listArtifacts");
  const root = objectAt(source, data, "");
  checkApiField(source, root, "buddy");
  const state: BuddyState = { workspaces: new Map() };
  arrayAt(source, root.workspaces, "/workspaces").forEach((raw, w) => {
    const pointer = `/workspaces/${w}`;
    const given = objectAt(source, raw, pointer);
    for (const parameter of list.parameters) {
      if (parameter.in !== "path") continue;
      const at = child(pointer, parameter.name);
      if (given[parameter.name] === undefined)
        fail(source, at, "is required: the workspace's name, as in the list's URL");
      checkSchema(doc, source, `${parameter.pointer}/schema`, given[parameter.name], at, "request");
    }
    const name = String(given.workspace);
    if (state.workspaces.has(name)) fail(source, pointer, `workspace ${name} is given twice`);
    const workspace = newWorkspace(name);
    state.workspaces.set(name, workspace);
    arrayAt(source, given.artifacts ?? [], `${pointer}/artifacts`).forEach((item, a) => {
      const at = `${pointer}/artifacts/${a}`;
      const { url: _url, html_url: _html, ...fields } = objectAt(source, item, at);
      const record: Record<string, unknown> = {
        id: fields.id ?? newId(random),
        identifier: typeof fields.name === "string" ? identifierOf(fields.name) : undefined,
        size: 0,
        authorization: DEFAULT_AUTHORIZATION,
        permissions: DEFAULT_PERMISSIONS,
        created_date: DEFAULT_DATE,
        ...fields,
      };
      if (record.identifier === undefined) delete record.identifier;
      if (isObject(record.project)) record.project = projectRecord(record.project);
      if (isObject(record.environment)) {
        const project = isObject(record.project) ? record.project.name : undefined;
        record.environment = environmentRecord(record.environment, project);
      }
      const artifact: StoredBuddyArtifact = { record: inOrder(record, keys), workspace };
      checkSchema(doc, source, schema, render(artifact, CHECK_BASE), at, "response");
      const id = String(artifact.record.id);
      if (workspace.byId.has(id)) fail(source, `${at}/id`, `artifact ${id} is given twice`);
      workspace.byId.set(id, artifact);
      workspace.artifacts.push(artifact);
      learn(workspace, artifact.record);
    });
  });
  return state;
}
