/** What every Buildkite command works with: the output, a client for the token, the build, Ctrl-C. */
import type { BuildkiteClient } from "@ci-artifacts/client";
import type { Io } from "../io.js";
import type { BuildRef } from "./build-ref.js";

export interface BuildkiteContext {
  io: Io;
  client: BuildkiteClient;
  build: BuildRef;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal;
}

export function buildName(build: BuildRef): string {
  return `${build.org_slug}/${build.pipeline_slug}/${build.build_number}`;
}
