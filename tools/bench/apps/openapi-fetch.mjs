// The baseline of item 1: an app on bare openapi-fetch, doing what the client apps do.
import createClient from "openapi-fetch";

export const client = createClient({
  baseUrl: "https://api.buildkite.com/v2",
  headers: { authorization: `Bearer ${globalThis.process?.env.BUILDKITE_TOKEN ?? ""}` },
});
