/**
 * A build, as people have it at hand: `org/pipeline/number`, or the build's page
 * (`https://buildkite.com/org/pipeline/builds/123`, perhaps with `#<job id>` from a job's link).
 */
import { UsageError } from "../errors.js";

export interface BuildRef {
  org_slug: string;
  pipeline_slug: string;
  build_number: number;
  /** The job a web URL's fragment names, if any. */
  job?: string;
}

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const FORMS = "org/pipeline/number (such as acme/web/42) or the build's URL (https://buildkite.com/acme/web/builds/42)";

export function parseBuild(text: string): BuildRef {
  if (/^https?:\/\//i.test(text)) return fromUrl(text);
  const parts = text.split("/");
  if (parts.length !== 3) throw new UsageError(`build ${JSON.stringify(text)}: expected ${FORMS}`);
  const [org, pipeline, number] = parts as [string, string, string];
  return checked(text, org, pipeline, number, undefined);
}

function fromUrl(text: string): BuildRef {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`build ${JSON.stringify(text)}: not a URL; expected ${FORMS}`);
  }
  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  const [org, pipeline, builds, number, ...rest] = segments;
  if (org === undefined || pipeline === undefined || builds !== "builds" || number === undefined || rest.length > 0) {
    throw new UsageError(`build ${JSON.stringify(text)}: a build's URL ends in /<org>/<pipeline>/builds/<number>`);
  }
  const fragment = decodeURIComponent(url.hash.slice(1));
  return checked(text, org, pipeline, number, /^[0-9a-f-]{36}$/i.test(fragment) ? fragment : undefined);
}

function checked(text: string, org: string, pipeline: string, number: string, job: string | undefined): BuildRef {
  if (!SLUG.test(org))
    throw new UsageError(`build ${JSON.stringify(text)}: ${JSON.stringify(org)} is not an organization slug`);
  if (!SLUG.test(pipeline)) {
    throw new UsageError(`build ${JSON.stringify(text)}: ${JSON.stringify(pipeline)} is not a pipeline slug`);
  }
  if (!/^[1-9][0-9]{0,15}$/.test(number)) {
    throw new UsageError(`build ${JSON.stringify(text)}: ${JSON.stringify(number)} is not a build number`);
  }
  return { org_slug: org, pipeline_slug: pipeline, build_number: Number(number), ...(job !== undefined && { job }) };
}
