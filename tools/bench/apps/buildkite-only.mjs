// An app that uses only the Buildkite client: what it ships is what item 1 weighs.
import { createBuildkiteClient } from "@ci-artifacts/client/buildkite";

export const client = createBuildkiteClient({ token: globalThis.process?.env.BUILDKITE_TOKEN ?? "" });
