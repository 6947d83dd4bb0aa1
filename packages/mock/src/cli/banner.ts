/** What the command prints once the twin listens: the base URL, the token, a curl line and a client snippet. */
import type { TwinApi } from "../apis.js";
import { PROFILES } from "../profiles/index.js";
import type { Twin, TwinOptions } from "../twin/types.js";

const FACTORY: Record<TwinApi, { name: string; module: string }> = {
  buddy: { name: "createBuddyClient", module: "@ci-artifacts/client/buddy" },
  buildkite: { name: "createBuildkiteClient", module: "@ci-artifacts/client/buildkite" },
};

export function banner(twin: Twin, options: TwinOptions, customToken: boolean): string {
  const profile = PROFILES[twin.api];
  // A token given on the command line is the user's to know: it is not printed back.
  const token = customToken ? "<the --token you gave>" : twin.token;
  const limits = options.rateLimit;
  const { name, module } = FACTORY[twin.api];
  const budget =
    limits === false
      ? "off"
      : `${limits?.limit ?? profile.rateLimit.limit} requests${
          (limits?.userLimit ?? profile.rateLimit.userLimit) === undefined
            ? ""
            : `, ${limits?.userLimit ?? profile.rateLimit.userLimit} per token`
        } every ${limits?.windowMs ?? 1000} ms`;
  const faults = options.faults === undefined ? "none" : [options.faults].flat().join("; ");
  return [
    `${twin.api} twin listening; use as baseUrl: ${twin.url}`,
    `  token:       ${token}`,
    `  data:        ${profile.describe(twin.seed)}${options.data === undefined ? ` (seed ${options.seed ?? 1})` : ` (from ${String(options.data)})`}`,
    `  files:       ${twin.storageOrigin} (download URLs live ${options.presignTtlSeconds ?? 60} s)`,
    `  rate limit:  ${budget}`,
    `  faults:      ${faults}`,
    "",
    "Try it:",
    `  curl -H 'Authorization: Bearer ${token}' ${twin.url}${profile.samplePath(twin.seed)}`,
    "",
    "From TypeScript:",
    `  import { ${name} } from "${module}";`,
    `  const client = ${name}({ baseUrl: ${JSON.stringify(twin.url)}, token: ${JSON.stringify(token)} });`,
    "",
    "Ctrl-C stops it.",
  ].join("\n");
}
