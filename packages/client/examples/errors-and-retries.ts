import { ClientError, createBuildkiteClient, isApiError, TimeoutError, unwrap } from "@ci-artifacts/client/buildkite";
import { events } from "@ci-artifacts/client/events";
import { retry } from "@ci-artifacts/client/retry";

let cached: { token: string; expires: number } | undefined;
async function refreshToken(): Promise<{ token: string; expires: number }> {
  const token = process.env.BUILDKITE_API_TOKEN;
  if (!token) throw new Error("Set BUILDKITE_API_TOKEN");
  return { token, expires: Date.now() + 8 * 3600_000 };
}

const bk = createBuildkiteClient({
  // Asked before every attempt, so a short-lived OAuth token can be refreshed in time.
  token: async () => {
    if (!cached || cached.expires < Date.now() + 60_000) cached = await refreshToken();
    return cached.token;
  },
  userAgent: "release-bot/1.0",
  plugins: [
    retry({
      retries: 5,
      timeoutMs: 10_000,
      deadlineMs: 60_000,
      maxRetryAfterMs: 120_000,
      onRetry: ({ method, path, attempt, delayMs, reason }) =>
        console.warn(`${method} ${path}: ${reason}, retry ${attempt} in ${delayMs} ms`),
    }),
    // One event per request, for logs and metrics: never the token, never a query string.
    events(({ method, path, status, durationMs, rateLimit }) =>
      console.log(`${method} ${path} ${status ?? "-"} ${durationMs} ms, ${rateLimit?.remaining ?? "?"} left`),
    ),
  ],
});

try {
  const artifact = unwrap(
    await bk.GET(
      "/organizations/{org_slug}/pipelines/{pipeline_slug}/builds/{build_number}/jobs/{job_id}/artifacts/{artifact_id}",
      {
        params: {
          path: {
            org_slug: "acme",
            pipeline_slug: "web",
            build_number: 42,
            job_id: "aae578fe-994c-44e6-84da-4102616928ba",
            artifact_id: "76365070-34d5-4104-8b91-952780f8029f",
          },
        },
      },
    ),
  );
  console.log(artifact.path);
} catch (error) {
  if (isApiError(error, 429)) console.error(`rate-limited: ${error.body.message}, back in ${error.body.reset} s`);
  else if (isApiError(error)) console.error(error.status, error.body.message, error.headers.get("ratelimit-reset"));
  else if (error instanceof TimeoutError) console.error(`gave up after ${error.attempts} attempts`);
  else if (error instanceof ClientError) console.error(error.message);
  else throw error;
}
