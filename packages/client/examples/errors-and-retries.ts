import { ApiError, ClientError, createBuildkiteClient, TimeoutError } from "@ci-artifacts/client/buildkite";

let cached: { token: string; expires: number } | undefined;
async function refreshToken(): Promise<{ token: string; expires: number }> {
  return { token: process.env.BUILDKITE_API_TOKEN ?? "", expires: Date.now() + 8 * 3600_000 };
}

const bk = createBuildkiteClient({
  // Asked before every attempt, so a short-lived OAuth token can be refreshed in time.
  token: async () => {
    if (!cached || cached.expires < Date.now() + 60_000) cached = await refreshToken();
    return cached.token;
  },
  timeoutMs: 10_000,
  retry: { retries: 5, maxRetryAfterMs: 120_000 },
  onRetry: ({ method, path, attempt, delayMs, reason }) =>
    console.warn(`${method} ${path}: ${reason}, retry ${attempt} in ${delayMs} ms`),
  userAgent: "release-bot/1.0",
});

try {
  await bk.getDownloadUrl({ org_slug: "acme", pipeline_slug: "web", build_number: 42, job_id: "j", artifact_id: "a" });
} catch (error) {
  if (error instanceof ApiError) console.error(error.status, error.body, error.headers.get("ratelimit-reset"));
  else if (error instanceof TimeoutError) console.error(`gave up after ${error.attempts} attempts`);
  else if (error instanceof ClientError) console.error(error.message);
  else throw error;
}
