/**
 * The artifact the guide's download example asks for (`src/download.ts` of a generator's part):
 * the Buildkite twin the generated clients call is seeded where it points, so the example runs
 * as written.
 */
import { InputError } from "@ci-artifacts/spec";
import type { GuidePart } from "./guide.js";

export const DOWNLOAD_FILE = "src/download.ts";

export interface DownloadTarget {
  org_slug: string;
  pipeline_slug: string;
  build_number: number;
  job_id: string;
  artifact_id: string;
  /** Where the call is in the guide, for errors. */
  file: string;
  line: number;
}

const CALL = "downloadArtifact(";
/** A string literal, or an integer standing alone (not part of a name or a decimal). */
const LITERAL = /"([^"\\]*)"|(?<![\w.])(\d+)(?![\w.])/g;

/**
 * The five path parameters of the download call, read as the literals that follow it, in the
 * order every generator takes them (object keys or positional arguments alike).
 */
export function downloadTarget(part: GuidePart, file: string): DownloadTarget {
  const block = part.blocks.find((b) => b.kind === "file" && b.path === DOWNLOAD_FILE);
  if (block?.kind !== "file") throw new InputError(`"### ${part.title}" has no ${DOWNLOAD_FILE}`, file, part.line);
  const at = block.text.indexOf(CALL);
  // The fence is block.line; the file's text starts on the line after it.
  const line = block.line + 1 + (at < 0 ? 0 : block.text.slice(0, at).split("\n").length - 1);
  if (at < 0) throw new InputError(`${DOWNLOAD_FILE} never calls ${CALL}...)`, file, block.line + 1);
  const found = [...block.text.slice(at + CALL.length).matchAll(LITERAL)]
    .slice(0, 5)
    .map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
  const [org_slug, pipeline_slug, build_number, job_id, artifact_id] = found;
  if (
    typeof org_slug !== "string" ||
    typeof pipeline_slug !== "string" ||
    typeof build_number !== "number" ||
    typeof job_id !== "string" ||
    typeof artifact_id !== "string"
  ) {
    throw new InputError(
      `the download call must name the organization, pipeline, build number, job and artifact as literals, in that order; found ${JSON.stringify(found)}`,
      file,
      line,
    );
  }
  return { org_slug, pipeline_slug, build_number, job_id, artifact_id, file, line };
}
