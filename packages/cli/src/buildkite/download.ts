/**
 * `ci-artifacts buildkite download <build>`: every matching finished artifact, `--concurrency`
 * coming in at a time, each streamed to a `.part` file beside its place with its size and SHA-1
 * checked on the way (the client's `downloadArtifact`), renamed once verified, removed when not.
 * A file already there with the right checksum is kept. Exit 0 only when every file is there,
 * verified.
 */
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { downloadArtifact } from "@ci-artifacts/client/node";
import { EXIT, explain, stoppedCode } from "../errors.js";
import { clean, formatSize } from "../output/table.js";
import { pool } from "../pool.js";
import { type Artifact, collectArtifacts } from "./artifacts.js";
import { type BuildkiteContext, buildName } from "./context.js";
import { noneLine } from "./ls.js";
import { type Planned, plan } from "./plan.js";
import { createReporter, type Outcome, type ProgressMode, progressModeOf, type Reporter } from "./progress.js";
import { alreadyThere, listed } from "./resume.js";

export interface DownloadOptions {
  glob?: string | undefined;
  job?: string | undefined;
  out: string;
  concurrency: number;
  progress?: ProgressMode | undefined;
  perPage?: number | undefined;
}

type Tally = Record<Outcome["kind"], number> & { bytes: number };

export async function download(context: BuildkiteContext, options: DownloadOptions): Promise<number> {
  const { io, signal } = context;
  const started = performance.now();
  const out = resolve(options.out);
  // Only a finished artifact has a file to download.
  const artifacts = await collectArtifacts(context.client, context.build, { ...options, state: "finished", signal });
  if (artifacts.length === 0) {
    io.err(`${noneLine(context, options)} (finished ones, which have a file)`);
    return EXIT.ok;
  }
  const { downloads, refused, same } = plan(out, artifacts);
  const tally: Tally = { downloaded: 0, present: 0, failed: 0, refused: 0, interrupted: 0, bytes: 0 };
  const reporter = await createReporter(progressModeOf(options.progress, io), io, downloads.length + refused.length);
  const record = (path: string, outcome: Outcome) => {
    tally[outcome.kind]++;
    if (outcome.kind === "downloaded") tally.bytes += outcome.bytes;
    reporter.finish(path, outcome);
  };
  for (const { artifact, reason } of refused) record(artifact.path, { kind: "refused", reason });
  const there = await listed(downloads.map((item) => item.file));
  try {
    await pool(
      downloads,
      options.concurrency,
      async (item, release) =>
        record(item.artifact.path, await fetchOne(context, item, reporter, there(item.file), release)),
      signal,
    );
  } finally {
    reporter.stop();
  }
  // Files the pool never started, once interrupted.
  tally.interrupted += downloads.length - (tally.downloaded + tally.present + tally.failed + tally.interrupted);
  io.err(summary(context, tally, same, clean(options.out), performance.now() - started));
  if (signal.aborted) return stoppedCode(signal);
  return tally.failed + tally.refused + tally.interrupted === 0 ? EXIT.ok : EXIT.failed;
}

async function fetchOne(
  context: BuildkiteContext,
  item: Planned,
  reporter: Reporter,
  there: boolean,
  release: () => void,
): Promise<Outcome> {
  const { client, signal } = context;
  const { artifact, file } = item;
  if (signal.aborted) return { kind: "interrupted" };
  try {
    if (there && (await alreadyThere(file, artifact, signal))) return { kind: "present" };
    await folder(context, dirname(file));
    reporter.start(artifact.path, artifact.file_size);
    const { bytes } = await downloadArtifact(client, artifact, {
      to: file,
      signal,
      onProgress: ({ received, total }) => {
        reporter.progress(artifact.path, received);
        // Every byte is in: the next file starts while this one's checksum is made and checked.
        if (received === total) release();
      },
    });
    return { kind: "downloaded", bytes };
  } catch (error) {
    if (signal.aborted) return { kind: "interrupted" };
    return { kind: "failed", reason: reasonOf(error, artifact) };
  }
}

/** Each folder is made once per run, however many files go into it. */
const folders = new WeakMap<BuildkiteContext, Map<string, Promise<unknown>>>();
function folder(context: BuildkiteContext, dir: string): Promise<unknown> {
  const made = folders.get(context) ?? new Map<string, Promise<unknown>>();
  folders.set(context, made);
  let done = made.get(dir);
  if (!done) {
    done = mkdir(dir, { recursive: true });
    // A failure is not kept: the next file into that folder tries again, and reports its own.
    done.catch(() => made.delete(dir));
    made.set(dir, done);
  }
  return done;
}

function reasonOf(error: unknown, artifact: Artifact): string {
  const text = explain(error, "buildkite").replace(/\n\s*/g, " ");
  // The client names the artifact by its path; the line already does.
  return text.replace(`artifact ${artifact.path}: `, "");
}

function summary(context: BuildkiteContext, tally: Tally, same: number, out: string, ms: number): string {
  const parts = [
    `${tally.downloaded} downloaded (${formatSize(tally.bytes)})`,
    `${tally.present} already there`,
    ...(same > 0 ? [`${same} shared with another job's identical file`] : []),
    ...(tally.failed > 0 ? [`${tally.failed} failed`] : []),
    ...(tally.refused > 0 ? [`${tally.refused} refused`] : []),
    ...(tally.interrupted > 0 ? [`${tally.interrupted} not done (interrupted)`] : []),
  ];
  const verdict =
    tally.failed + tally.refused + tally.interrupted === 0
      ? "every file is there, verified"
      : context.signal.aborted
        ? "interrupted: run the same command again to resume"
        : "some files are missing: see the lines above, then run the same command again to retry them";
  return `build ${buildName(context.build)} -> ${out}: ${parts.join(", ")} in ${(ms / 1000).toFixed(1)} s; ${verdict}`;
}
