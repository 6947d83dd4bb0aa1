/**
 * Buildkite data, read and checked: each build named by the list operation's path parameters,
 * each artifact as the API answers it, checked against the list's item schema once the twin has
 * written what only the server knows (URLs, size and SHA-1 of the file it serves).
 */
import type { Operation } from "@ci-artifacts/spec";
import type { ApiDocument } from "../../document/load.js";
import { operationOf } from "../../document/load.js";
import { inOrder, propertiesOf, schemaPath } from "../../document/schema.js";
import type { Random } from "../../random.js";
import { bytesOf, type Content, digestOf, sha1 } from "../../storage/content.js";
import { arrayAt, checkApiField, checkSchema, child, describe, fail, objectAt } from "../data.js";
import { mimeOf } from "../mime.js";
import type { DataSource } from "../types.js";
import { type Build, type BuildkiteState, buildKey, type StoredArtifact } from "./types.js";

/** A placeholder root while checking: the real one is the origin each client uses. */
const CHECK_BASE = "http://127.0.0.1";

export interface BuildkiteSchemas {
  list: Operation;
  /** The schema of one artifact, as a list answers it. */
  artifact: string;
  /** Its properties, in the order written: stored artifacts keep it. */
  keys: string[];
}

export function buildkiteSchemas(doc: ApiDocument): BuildkiteSchemas {
  const list = operationOf(doc, "listBuildArtifacts");
  const artifact = schemaPath(doc, doc.contract.bodySchema("listBuildArtifacts", "200"), "[]");
  return { list, artifact, keys: propertiesOf(doc, artifact) };
}

export function artifactPath(build: Build, jobId: string, id: string): string {
  const e = encodeURIComponent;
  return `/organizations/${e(build.org_slug)}/pipelines/${e(build.pipeline_slug)}/builds/${build.build_number}/jobs/${e(jobId)}/artifacts/${e(id)}`;
}

/** The artifact as the API answers it, its URLs on `base`. */
export function render(artifact: StoredArtifact, base: string): Record<string, unknown> {
  const { id, job_id, ...rest } = artifact.record;
  const url = base + artifact.self;
  return { id, job_id, url, download_url: `${url}/download`, ...rest };
}

export function loadBuildkite(doc: ApiDocument, data: unknown, source: DataSource, random: Random): BuildkiteState {
  const schemas = buildkiteSchemas(doc);
  const root = objectAt(source, data, "");
  checkApiField(source, root, "buildkite");
  const state: BuildkiteState = { builds: new Map(), byId: new Map() };
  arrayAt(source, root.builds, "/builds").forEach((raw, b) => {
    const pointer = `/builds/${b}`;
    const given = objectAt(source, raw, pointer);
    const names: Record<string, unknown> = {};
    for (const parameter of schemas.list.parameters) {
      if (parameter.in !== "path") continue;
      const at = child(pointer, parameter.name);
      if (given[parameter.name] === undefined) fail(source, at, "is required: the build's place, as in the list's URL");
      checkSchema(doc, source, `${parameter.pointer}/schema`, given[parameter.name], at, "request");
      names[parameter.name] = given[parameter.name];
    }
    const build: Build = {
      org_slug: String(names.org_slug),
      pipeline_slug: String(names.pipeline_slug),
      build_number: Number(names.build_number),
      jobs: new Set(),
      artifacts: [],
    };
    const key = buildKey(build.org_slug, build.pipeline_slug, build.build_number);
    if (state.builds.has(key)) fail(source, pointer, `build ${key} is given twice`);
    state.builds.set(key, build);
    if (given.jobs !== undefined) {
      arrayAt(source, given.jobs, `${pointer}/jobs`).forEach((job, j) => {
        if (typeof job !== "string")
          fail(source, `${pointer}/jobs/${j}`, `must be a job's UUID (found ${describe(job)})`);
        build.jobs.add(job);
      });
    }
    arrayAt(source, given.artifacts ?? [], `${pointer}/artifacts`).forEach((item, a) => {
      const artifact = readArtifact(doc, schemas, source, build, item, `${pointer}/artifacts/${a}`, random);
      const id = String(artifact.record.id);
      if (state.byId.has(id)) fail(source, `${pointer}/artifacts/${a}/id`, `artifact ${id} is given twice`);
      state.byId.set(id, artifact);
      build.jobs.add(String(artifact.record.job_id));
      build.artifacts.push(artifact);
    });
  });
  return state;
}

function readArtifact(
  doc: ApiDocument,
  schemas: BuildkiteSchemas,
  source: DataSource,
  build: Build,
  raw: unknown,
  pointer: string,
  random: Random,
): StoredArtifact {
  const { content: text, url: _url, download_url: _download, ...given } = objectAt(source, raw, pointer);
  const path = given.path;
  if (typeof path !== "string" || path === "")
    fail(source, `${pointer}/path`, `must be the file's path (found ${describe(path)})`);
  const slash = path.lastIndexOf("/");
  const record: Record<string, unknown> = {
    id: given.id ?? random.uuid(),
    job_id: given.job_id ?? defaultJob(build, random),
    state: "finished",
    dirname: slash < 0 ? "." : path.slice(0, slash),
    filename: path.slice(slash + 1),
    mime_type: mimeOf(path),
    glob_path: null,
    original_path: null,
    ...given,
  };
  const content = contentOf(source, pointer, record, text, random);
  const bytes = bytesOf(content);
  record.file_size = bytes.byteLength;
  record.sha1sum = digestOf(content, bytes);
  const artifact: StoredArtifact = {
    record: inOrder(record, schemas.keys),
    self: artifactPath(build, String(record.job_id), String(record.id)),
    content,
    build,
  };
  checkSchema(doc, source, schemas.artifact, render(artifact, CHECK_BASE), pointer, "response");
  return artifact;
}

/** The job of an artifact given without one: the build's first, or one made up for it. */
function defaultJob(build: Build, random: Random): string {
  const first = build.jobs.values().next();
  if (!first.done) return first.value;
  const job = random.uuid();
  build.jobs.add(job);
  return job;
}

/** The file: the text given, else made-up bytes of the size given (or drawn). Size and SHA-1 are the server's to say. */
function contentOf(
  source: DataSource,
  pointer: string,
  record: Record<string, unknown>,
  text: unknown,
  random: Random,
): Content {
  const size = record.file_size;
  if (text !== undefined) {
    if (typeof text !== "string")
      fail(source, `${pointer}/content`, `must be the file's text (found ${describe(text)})`);
    const bytes = Buffer.from(text);
    if (size !== undefined && size !== bytes.byteLength) {
      fail(
        source,
        `${pointer}/file_size`,
        `is ${describe(size)} but content is ${bytes.byteLength} bytes: leave file_size out`,
      );
    }
    if (record.sha1sum !== undefined && record.sha1sum !== sha1(bytes)) {
      fail(source, `${pointer}/sha1sum`, `is not the SHA-1 of content (${sha1(bytes)}): leave sha1sum out`);
    }
    return { kind: "given", bytes };
  }
  if (size !== undefined && !(Number.isSafeInteger(size) && (size as number) >= 0)) {
    fail(source, `${pointer}/file_size`, `must be a whole number of bytes (found ${describe(size)})`);
  }
  const made: Content = {
    kind: "made",
    seed: String(record.id),
    size: (size as number | undefined) ?? random.int(64, 16_384),
  };
  if (record.sha1sum !== undefined && record.sha1sum !== sha1(bytesOf(made))) {
    fail(
      source,
      `${pointer}/sha1sum`,
      "is not the SHA-1 of the bytes the twin makes up for this artifact (it serves made-up bytes when no content is given): leave sha1sum out, or give content",
    );
  }
  return made;
}
