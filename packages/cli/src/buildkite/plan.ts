/**
 * Which file each artifact becomes under `--out`: refused when its path would leave it; one
 * download for artifacts of several jobs that share a path and a checksum; refused, all of them,
 * when they share a path but not the bytes (`--job` chooses).
 */
import type { Artifact } from "./artifacts.js";
import { targetOf } from "./safe-path.js";

export interface Planned {
  artifact: Artifact;
  file: string;
}

export interface Plan {
  downloads: Planned[];
  refused: { artifact: Artifact; reason: string }[];
  /** Artifacts left out because another with the same path and checksum is downloaded. */
  same: number;
}

export function plan(out: string, artifacts: readonly Artifact[]): Plan {
  const refused: Plan["refused"] = [];
  const byFile = new Map<string, Artifact[]>();
  for (const artifact of artifacts) {
    const target = targetOf(out, artifact.path);
    if (!target.ok) {
      refused.push({ artifact, reason: target.reason });
      continue;
    }
    const group = byFile.get(target.file);
    if (group) group.push(artifact);
    else byFile.set(target.file, [artifact]);
  }
  const downloads: Planned[] = [];
  let same = 0;
  for (const [file, group] of byFile) {
    const [first] = group as [Artifact, ...Artifact[]];
    const identical = group.every(
      (a) => a.sha1sum.toLowerCase() === first.sha1sum.toLowerCase() && a.file_size === first.file_size,
    );
    if (identical) {
      downloads.push({ artifact: first, file });
      same += group.length - 1;
      continue;
    }
    const jobs = group.map((a) => a.job_id).join(", ");
    for (const artifact of group) {
      refused.push({
        artifact,
        reason: `${group.length} artifacts of different content have this path (jobs ${jobs}); pass --job to choose one`,
      });
    }
  }
  return { downloads, refused, same };
}
