/**
 * The API clients of a run, on @ci-artifacts/client: retries and pacing by the rate-limit headers
 * (`retry()`), and with `--verbose` one line per request on stderr from its events, which carry
 * the path template and never a token or a query string.
 */
import {
  type AttemptEvent,
  type BuddyClient,
  type BuddyRegion,
  type BuildkiteClient,
  createBuddyClient,
  createBuildkiteClient,
  events,
  type RetryEvent,
  retry,
} from "@ci-artifacts/client";
import type { Io } from "./io.js";
import { VERSION } from "./version.js";

export interface ClientSettings {
  token: string;
  baseUrl: string | undefined;
  verbose: boolean;
}

const USER_AGENT = `ci-artifacts-cli/${VERSION}`;

function plugins(io: Io, verbose: boolean) {
  const retries = retry({ retries: 5, onRetry: verbose ? (event) => io.err(retryLine(event)) : undefined });
  // Events cost an object per request: only when they are printed.
  return verbose ? [retries, events((event) => io.err(eventLine(event)))] : [retries];
}

export function buildkiteClient(io: Io, settings: ClientSettings): BuildkiteClient {
  return createBuildkiteClient({
    token: settings.token,
    baseUrl: settings.baseUrl,
    userAgent: USER_AGENT,
    plugins: plugins(io, settings.verbose),
  });
}

export function buddyClient(io: Io, settings: ClientSettings & { region: BuddyRegion | undefined }): BuddyClient {
  return createBuddyClient({
    token: settings.token,
    region: settings.region,
    baseUrl: settings.baseUrl,
    userAgent: USER_AGENT,
    plugins: plugins(io, settings.verbose),
  });
}

/** `GET /organizations/{org_slug}/... 200 12 ms, held 0 ms, 48/50 left (user)`. */
export function eventLine(event: AttemptEvent): string {
  const answer = event.status !== undefined ? String(event.status) : (event.failure ?? "no answer");
  const parts = [`${event.durationMs} ms`];
  if (event.heldMs > 0) parts.push(`held ${event.heldMs} ms by the rate limit`);
  if (event.attempt > 1) parts.push(`attempt ${event.attempt}`);
  const limit = event.rateLimit;
  if (limit) {
    const scope = limit.scope === "" ? "" : ` (${limit.scope})`;
    parts.push(`${limit.remaining}${limit.limit !== undefined ? `/${limit.limit}` : ""} left${scope}`);
  }
  const where = event.target === "storage" ? "storage: " : "";
  return `verbose: ${event.method} ${where}${event.path} ${answer}, ${parts.join(", ")}`;
}

function retryLine(event: RetryEvent): string {
  return `verbose: ${event.method} ${event.path}: ${event.reason}, retry ${event.attempt} in ${event.delayMs} ms`;
}
