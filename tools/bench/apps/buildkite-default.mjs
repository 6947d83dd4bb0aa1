// An app that takes the Buildkite client from the main entry, whose factories add retry(): what an
// app ships with timeouts, retries and pacing on (item 1c, no goal: the goal prices the core).
import { createBuildkiteClient } from "@ci-artifacts/client";

export const client = createBuildkiteClient({ token: globalThis.process?.env.BUILDKITE_TOKEN ?? "" });
