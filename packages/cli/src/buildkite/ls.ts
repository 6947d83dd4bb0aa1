/** `ci-artifacts buildkite ls <build>`: a build's artifacts, as a table or as NDJSON. */
import { type Format, formatOf } from "../output/format.js";
import { type Column, clean, formatSize, table } from "../output/table.js";
import { type Artifact, listArtifacts } from "./artifacts.js";
import { type BuildkiteContext, buildName } from "./context.js";

export interface LsOptions {
  job?: string | undefined;
  glob?: string | undefined;
  state?: Artifact["state"] | undefined;
  format?: Format | undefined;
  perPage?: number | undefined;
}

const COLUMNS: Column<Artifact>[] = [
  { header: "PATH", value: (a) => a.path },
  { header: "SIZE", value: (a) => formatSize(a.file_size), align: "right" },
  { header: "STATE", value: (a) => a.state },
  { header: "JOB", value: (a) => a.job_id },
  { header: "ID", value: (a) => a.id },
];

export async function ls(context: BuildkiteContext, options: LsOptions): Promise<number> {
  const { io, client, build, signal } = context;
  const artifacts = listArtifacts(client, build, { ...options, signal });
  if (formatOf(options.format, io) === "json") {
    // Streamed: a line per artifact as its page arrives.
    for await (const artifact of artifacts) io.out(JSON.stringify(artifact));
    return 0;
  }
  const rows: Artifact[] = [];
  for await (const artifact of artifacts) rows.push(artifact);
  if (rows.length === 0) {
    io.err(noneLine(context, options));
    return 0;
  }
  io.out(table(COLUMNS, rows));
  const bytes = rows.reduce((sum, a) => sum + a.file_size, 0);
  io.err(`${rows.length} artifact${rows.length === 1 ? "" : "s"}, ${formatSize(bytes)}`);
  return 0;
}

export function noneLine(context: BuildkiteContext, options: { glob?: string | undefined }): string {
  const glob = options.glob === undefined ? "" : ` matching ${clean(options.glob)}`;
  return `no artifacts${glob} in build ${buildName(context.build)}`;
}
