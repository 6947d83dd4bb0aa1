/** `ci-artifacts buddy ls|get|create|update|rm`: a workspace's artifacts, on the client's Buddy factory. */
import { type BuddyClient, unwrap } from "@ci-artifacts/client";
import { confirm } from "../confirm.js";
import { EXIT, stoppedCode } from "../errors.js";
import type { Io } from "../io.js";
import { type Format, formatOf } from "../output/format.js";
import { type Column, clean, formatSize, table } from "../output/table.js";
import { type BodyFlags, bodyOf } from "./body.js";

export interface BuddyContext {
  io: Io;
  client: BuddyClient;
  workspace: string;
  signal: AbortSignal;
}

/** What a list gives of each artifact, as far as the table shows it. */
interface Artifact {
  id: string;
  name: string;
  type: string;
  scope: string;
  size: number | null;
}

const LIST = "/workspaces/{workspace}/artifacts";
const ONE = "/workspaces/{workspace}/artifacts/{artifact_id}";

const COLUMNS: Column<Artifact>[] = [
  { header: "ID", value: (a) => a.id },
  { header: "NAME", value: (a) => a.name },
  { header: "TYPE", value: (a) => a.type },
  { header: "SCOPE", value: (a) => a.scope },
  { header: "SIZE", value: (a) => (a.size === null ? "-" : formatSize(a.size)), align: "right" },
];

export async function buddyLs(
  context: BuddyContext,
  options: { project?: string | undefined; environment?: string | undefined; format?: Format | undefined },
): Promise<number> {
  const { io, client, workspace, signal } = context;
  const query = {
    ...(options.project !== undefined && { project_name: options.project }),
    ...(options.environment !== undefined && { environment_id: options.environment }),
  };
  const { artifacts } = unwrap(await client.GET(LIST, { params: { path: { workspace }, query }, signal }));
  if (formatOf(options.format, io) === "json") {
    for (const artifact of artifacts) io.out(JSON.stringify(artifact));
  } else if (artifacts.length === 0) {
    io.err(`no artifacts in workspace ${clean(workspace)}`);
  } else {
    io.out(table(COLUMNS, artifacts));
  }
  return EXIT.ok;
}

export async function buddyGet(context: BuddyContext, id: string): Promise<number> {
  const { io, client, workspace, signal } = context;
  const artifact = unwrap(await client.GET(ONE, { params: { path: { workspace, artifact_id: id } }, signal }));
  io.out(JSON.stringify(artifact, null, 2));
  return EXIT.ok;
}

export async function buddyCreate(context: BuddyContext, flags: BodyFlags): Promise<number> {
  const { io, client, workspace, signal } = context;
  const body = await bodyOf("createArtifact", flags, io);
  const created = unwrap(await client.POST(LIST, { params: { path: { workspace } }, body: body as never, signal }));
  io.out(JSON.stringify(created, null, 2));
  io.err(`created ${created.id} (${created.html_url})`);
  return EXIT.ok;
}

export async function buddyUpdate(context: BuddyContext, id: string, flags: BodyFlags): Promise<number> {
  const { io, client, workspace, signal } = context;
  const body = await bodyOf("updateArtifact", flags, io);
  const updated = unwrap(
    await client.PATCH(ONE, { params: { path: { workspace, artifact_id: id } }, body: body as never, signal }),
  );
  io.out(JSON.stringify(updated, null, 2));
  io.err(`updated ${updated.id}`);
  return EXIT.ok;
}

export async function buddyRm(
  context: BuddyContext,
  id: string,
  options: { yes?: boolean | undefined; dryRun?: boolean | undefined },
): Promise<number> {
  const { io, client, workspace, signal } = context;
  const path = { workspace, artifact_id: id };
  // Read first: what is deleted is named, and a wrong id fails before any question.
  const artifact = unwrap(await client.GET(ONE, { params: { path }, signal }));
  const what = `artifact ${artifact.id} (${clean(artifact.name)}, ${artifact.type}) of workspace ${clean(workspace)}`;
  if (options.dryRun) {
    io.out(`would delete ${what}`);
    return EXIT.ok;
  }
  if (!options.yes && !(await confirm(io, `Delete ${what} and all its versions?`, what, signal))) {
    io.err("nothing deleted");
    return signal.aborted ? stoppedCode(signal) : EXIT.failed;
  }
  unwrap(await client.DELETE(ONE, { params: { path }, signal }));
  io.out(`deleted ${what}`);
  return EXIT.ok;
}
