/**
 * `ci-artifacts buildkite rm <build> --glob ...`: deletes the matching artifacts. `--dry-run`
 * lists them; otherwise it asks on a terminal and refuses without `--yes` elsewhere.
 */
import { unwrap } from "@ci-artifacts/client";
import { confirm } from "../confirm.js";
import { EXIT, explain, stoppedCode } from "../errors.js";
import { clean } from "../output/table.js";
import { pool } from "../pool.js";
import { type Artifact, collectArtifacts, ONE_ARTIFACT, type State } from "./artifacts.js";
import { type BuildkiteContext, buildName } from "./context.js";
import { noneLine } from "./ls.js";

export interface RmOptions {
  glob: string;
  job?: string | undefined;
  state?: State | undefined;
  dryRun?: boolean | undefined;
  yes?: boolean | undefined;
  perPage?: number | undefined;
}

/** Deletes are writes: a few at a time, paced like the rest. */
const CONCURRENCY = 4;

export async function rm(context: BuildkiteContext, options: RmOptions): Promise<number> {
  const { io, client, build, signal } = context;
  const artifacts = await collectArtifacts(client, build, { ...options, signal });
  if (artifacts.length === 0) {
    io.err(noneLine(context, options));
    return EXIT.ok;
  }
  const what = `${artifacts.length} artifact${artifacts.length === 1 ? "" : "s"} of build ${buildName(build)}`;
  if (options.dryRun) {
    for (const artifact of artifacts) io.out(`would delete ${describe(artifact)}`);
    io.err(`dry run: ${what} would be deleted; nothing was`);
    return EXIT.ok;
  }
  if (!options.yes) {
    for (const artifact of artifacts) io.err(`  ${describe(artifact)}`);
    if (!(await confirm(io, `Delete ${what}?`, what, signal))) {
      io.err("nothing deleted");
      return signal.aborted ? stoppedCode(signal) : EXIT.failed;
    }
  }
  let deleted = 0;
  let failed = 0;
  await pool(
    artifacts,
    CONCURRENCY,
    async (artifact) => {
      const ids = {
        org_slug: build.org_slug,
        pipeline_slug: build.pipeline_slug,
        build_number: build.build_number,
        job_id: artifact.job_id,
        artifact_id: artifact.id,
      };
      try {
        unwrap(await client.DELETE(ONE_ARTIFACT, { params: { path: ids }, signal }));
        deleted++;
        io.out(`deleted ${describe(artifact)}`);
      } catch (error) {
        if (signal.aborted) return;
        failed++;
        io.err(`failed to delete ${describe(artifact)}: ${explain(error, "buildkite").replace(/\n\s*/g, " ")}`);
      }
    },
    signal,
  );
  const left = artifacts.length - deleted - failed;
  io.err(
    `${deleted} deleted${failed > 0 ? `, ${failed} failed` : ""}${left > 0 ? `, ${left} not done (interrupted)` : ""}`,
  );
  if (signal.aborted) return stoppedCode(signal);
  return failed === 0 ? EXIT.ok : EXIT.failed;
}

function describe(artifact: Artifact): string {
  return `${clean(artifact.path)} (${artifact.id}, job ${artifact.job_id})`;
}
