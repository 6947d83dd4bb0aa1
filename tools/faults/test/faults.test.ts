// One row per fault: the client is called once against a fault server on 127.0.0.1 and a second
// server standing for another origin, and every row is held to the same invariants (see the end
// of the table) on top of its own `want`.

import type { Fault } from "@ci-artifacts/mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, type RunnerTestCase, vi } from "vitest";
import {
  bigList,
  downloadFromSelf,
  emptyErrorBody,
  htmlAsJson,
  htmlErrorPage,
  hugeFile,
  hugePage,
  jsonAsHtml,
  linkPage,
  malformedJson,
  noHeaders,
  rateLimitReset,
  redirectLoop,
  redirectToPeer,
  resetBeforeHeaders,
  resetMidBody,
  retryAfterDate,
  stalledBody,
  unauthorized,
  unavailable,
} from "../src/faults.js";
import { expireTimeouts, timeoutSignal } from "./support/clock.js";
import {
  type Call,
  type ClientOptions,
  clients,
  credentialsSeen,
  exposed,
  METHOD,
  perform,
  type RetryEvent,
  type RetryOptions,
  retryLine,
  startServers,
  TOKEN,
} from "./support/harness.js";
import type { RowMeta } from "./support/summary.js";

interface Row {
  name: string;
  given: {
    call: Call;
    /** What request n to the API server meets; undefined or past the end: the normal answer. */
    api?: (Fault | undefined)[];
    /** The same for the other origin (the storage host of downloads). */
    other?: (Fault | undefined)[];
    client?: { timeoutMs?: number; retry?: RetryOptions | false };
    /** The caller's own deadline, through an AbortSignal (on the suite's clock, as timeouts are). */
    signalMs?: number;
  };
  want: {
    outcome: string;
    /** Requests the API server received. */
    requests: number;
    /** Requests the other origin received. Default 0. */
    other?: number;
    retries?: RetryEvent["reason"][];
    /** Each retry's wait, stepped through with fake timers: no request may leave a millisecond early. */
    waits?: number[];
    items?: number;
    bytes?: number;
    message?: RegExp;
    /** Which API requests carried the token. Default: all. */
    tokens?: boolean[];
  };
}

const MB20 = 20 * 1024 * 1024;
const HUGE_ITEMS = (JSON.parse(bigList(MB20)) as unknown[]).length;
const TIMEOUTS = { timeoutMs: 1_000, retry: { retries: 1 } };
const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);
const tokenInPath = linkPage("next link carrying the token", ({ request, self }) => {
  const secret = String(request.headers.authorization).replace(/^Bearer /, "");
  return `<${self}/v2/organizations/acme/pipelines/web/builds/42/artifacts/${secret}?page=2>; rel="next"`;
});
const LIST_PAGE = "/v2/organizations/acme/pipelines/web/builds/42/artifacts";

const rows: Row[] = [
  // 429: waits as long as asked (the longer of the two headers), any method, up to maxRetryAfterMs.
  {
    name: "429 with RateLimit-Reset, GET",
    given: { call: "getArtifact", api: [rateLimitReset(3)] },
    want: { outcome: "ok", requests: 2, retries: ["rate-limited"], waits: [3000] },
  },
  {
    name: "429 with RateLimit-Reset, POST is sent again",
    given: { call: "createArtifact", api: [rateLimitReset(2)] },
    want: { outcome: "ok", requests: 2, retries: ["rate-limited"], waits: [2000] },
  },
  {
    name: "429 with RateLimit-Reset twice in pagination",
    given: { call: "listArtifacts", api: [undefined, rateLimitReset(5), rateLimitReset(1)] },
    want: { outcome: "ok", items: 250, requests: 5, retries: ["rate-limited", "rate-limited"], waits: [5000, 1000] },
  },
  {
    name: "429 with RateLimit-Reset and a longer Retry-After",
    given: { call: "getArtifact", api: [rateLimitReset(2, { "retry-after": "4" })] },
    want: { outcome: "ok", requests: 2, retries: ["rate-limited"], waits: [4000] },
  },
  {
    name: "429 with Retry-After as an HTTP date, GET",
    given: { call: "getArtifact", api: [retryAfterDate(9)] },
    want: { outcome: "ok", requests: 2, retries: ["rate-limited"], waits: [9000] },
  },
  {
    name: "429 with Retry-After as an HTTP date, PATCH is sent again",
    given: { call: "updateArtifact", api: [retryAfterDate(7)] },
    want: { outcome: "ok", requests: 2, retries: ["rate-limited"], waits: [7000] },
  },
  {
    name: "429 asking for longer than maxRetryAfterMs is the answer",
    given: { call: "getArtifact", api: [rateLimitReset(600)] },
    want: {
      outcome: "error 429",
      requests: 1,
      message: /^You have exceeded your API rate limit \(Bearer \[redacted\]\)\.$/,
    },
  },
  {
    name: "429 asking for longer than maxRetryAfterMs, in pagination",
    given: { call: "listArtifacts", api: [rateLimitReset(600)] },
    want: { outcome: "ApiError 429", items: 0, requests: 1 },
  },
  {
    name: "429 with an HTTP date too far ahead, POST",
    given: { call: "createArtifact", api: [retryAfterDate(3600)] },
    want: { outcome: "error 429", requests: 1 },
  },

  // 503 bursts: GET and DELETE back off and retry; POST and PATCH may have been applied: never again.
  {
    name: "503 burst, GET recovers",
    given: { call: "getArtifact", api: times(3, unavailable) },
    want: { outcome: "ok", requests: 4, retries: ["server-error", "server-error", "server-error"] },
  },
  {
    name: "503 burst longer than the retries, GET",
    given: { call: "getArtifact", api: times(4, unavailable) },
    want: {
      outcome: "error 503",
      requests: 4,
      retries: ["server-error", "server-error", "server-error"],
      message: /HTTP 503 Service Unavailable: the body was empty/,
    },
  },
  {
    name: "503 burst, DELETE recovers",
    given: { call: "deleteArtifact", api: times(2, unavailable) },
    want: { outcome: "ok", requests: 3, retries: ["server-error", "server-error"] },
  },
  {
    name: "503 burst, POST is not sent again",
    given: { call: "createArtifact", api: times(3, unavailable) },
    want: { outcome: "error 503", requests: 1 },
  },
  {
    name: "503 burst, PATCH is not sent again",
    given: { call: "updateArtifact", api: times(3, unavailable) },
    want: { outcome: "error 503", requests: 1 },
  },
  {
    name: "503 burst in pagination",
    given: { call: "listArtifacts", api: [undefined, unavailable(), unavailable()] },
    want: { outcome: "ok", items: 250, requests: 5, retries: ["server-error", "server-error"] },
  },
  {
    name: "503 burst from the storage host",
    given: { call: "download", other: times(2, unavailable) },
    want: { outcome: "ok", bytes: 64, requests: 1, other: 3, retries: ["server-error", "server-error"] },
  },

  // Connection resets.
  {
    name: "reset before headers, GET recovers",
    given: { call: "getArtifact", api: [resetBeforeHeaders()] },
    want: { outcome: "ok", requests: 2, retries: ["network"] },
  },
  {
    name: "reset before headers, POST is not sent again",
    given: { call: "createArtifact", api: [resetBeforeHeaders()] },
    want: { outcome: "NetworkError", requests: 1 },
  },
  {
    name: "reset before headers, PATCH is not sent again",
    given: { call: "updateArtifact", api: [resetBeforeHeaders()] },
    want: { outcome: "NetworkError", requests: 1 },
  },
  {
    name: "reset before headers from the storage host",
    given: { call: "download", other: [resetBeforeHeaders()] },
    want: { outcome: "ok", bytes: 64, requests: 1, other: 2, retries: ["network"] },
  },
  {
    name: "reset mid-body, GET recovers",
    given: { call: "getArtifact", api: [resetMidBody()] },
    want: { outcome: "ok", requests: 2, retries: ["network"] },
  },
  {
    name: "reset mid-body, PATCH is not sent again",
    given: { call: "updateArtifact", api: [resetMidBody()] },
    want: { outcome: "NetworkError", requests: 1 },
  },
  {
    name: "reset mid-body in pagination",
    given: { call: "listArtifacts", api: [undefined, undefined, resetMidBody()] },
    want: { outcome: "ok", items: 250, requests: 4, retries: ["network"] },
  },
  {
    name: "reset mid-body of a streamed download",
    given: { call: "download", other: [resetMidBody()] },
    want: { outcome: "NetworkError", bytes: 28, requests: 1, other: 1 },
  },

  // Timeouts (1 s per attempt, on the suite's clock: it moves on only while the server holds the
  // request): headers that never come, a body that stalls.
  {
    name: "headers never come, GET",
    given: { call: "getArtifact", api: times(2, noHeaders), client: TIMEOUTS },
    want: { outcome: "TimeoutError", requests: 2, retries: ["timeout"] },
  },
  {
    name: "headers never come once, GET recovers",
    given: { call: "getArtifact", api: [noHeaders()], client: TIMEOUTS },
    want: { outcome: "ok", requests: 2, retries: ["timeout"] },
  },
  {
    name: "headers never come, POST is not sent again",
    given: { call: "createArtifact", api: [noHeaders()], client: TIMEOUTS },
    want: { outcome: "TimeoutError", requests: 1 },
  },
  {
    name: "headers never come from the storage host",
    given: { call: "download", other: times(2, noHeaders), client: TIMEOUTS },
    want: { outcome: "TimeoutError", requests: 1, other: 2, retries: ["timeout"] },
  },
  {
    name: "a stalling body, GET",
    given: { call: "getArtifact", api: times(2, stalledBody), client: TIMEOUTS },
    want: { outcome: "TimeoutError", requests: 2, retries: ["timeout"] },
  },
  {
    name: "a stalling body, PATCH is not sent again",
    given: { call: "updateArtifact", api: [stalledBody()], client: TIMEOUTS },
    want: { outcome: "TimeoutError", requests: 1 },
  },
  {
    name: "a stalling body in pagination",
    given: { call: "listArtifacts", api: [undefined, stalledBody(), stalledBody()], client: TIMEOUTS },
    want: { outcome: "TimeoutError", items: 100, requests: 3, retries: ["timeout"] },
  },
  {
    name: "a stalling download ends at the caller's deadline",
    given: { call: "download", other: [stalledBody()], client: TIMEOUTS, signalMs: 1_500 },
    want: { outcome: "DOMException TimeoutError", bytes: 27, requests: 1, other: 1 },
  },

  // Answers that cannot be used.
  {
    name: "malformed JSON on a 200, GET",
    given: { call: "getArtifact", api: [malformedJson()] },
    want: { outcome: "ResponseError invalid-json", requests: 1 },
  },
  {
    name: "malformed JSON on a 200, POST is not sent again",
    given: { call: "createArtifact", api: [malformedJson()] },
    want: { outcome: "ResponseError invalid-json", requests: 1 },
  },
  {
    name: "malformed JSON on a 200 in pagination",
    given: { call: "listArtifacts", api: [undefined, malformedJson()] },
    want: { outcome: "ResponseError invalid-json", items: 100, requests: 2 },
  },
  {
    name: "an empty error body, GET",
    given: { call: "getArtifact", api: [emptyErrorBody(500)] },
    want: { outcome: "error 500", requests: 1, message: /^HTTP 500 Internal Server Error: the body was empty$/ },
  },
  {
    name: "an empty error body, POST (Buddy's shape)",
    given: { call: "createArtifact", api: [emptyErrorBody(500)] },
    want: { outcome: "error 500", requests: 1, message: /^HTTP 500 Internal Server Error: the body was empty$/ },
  },
  {
    name: "an empty error body from getDownloadUrl",
    given: { call: "getDownloadUrl", api: [emptyErrorBody(404)] },
    want: { outcome: "ApiError 404", requests: 1, message: /HTTP 404: HTTP 404 Not Found: the body was empty$/ },
  },
  {
    name: "an HTML error page, GET retries a 502",
    given: { call: "getArtifact", api: times(4, () => htmlErrorPage(502)) },
    want: {
      outcome: "error 502",
      requests: 4,
      retries: ["server-error", "server-error", "server-error"],
      message: /^HTTP 502 Bad Gateway: the body was not JSON \(text\/html; charset=utf-8\)$/,
    },
  },
  {
    name: "an HTML error page, PATCH",
    given: { call: "updateArtifact", api: [htmlErrorPage(500)] },
    want: { outcome: "error 500", requests: 1, message: /the body was not JSON/ },
  },
  {
    name: "an HTML error page in pagination",
    given: { call: "listArtifacts", api: [htmlErrorPage(403)] },
    want: { outcome: "ApiError 403", items: 0, requests: 1, message: /HTTP 403 Forbidden: the body was not JSON/ },
  },
  {
    name: "a wrong Content-Type on good JSON, GET",
    given: { call: "getArtifact", api: [jsonAsHtml()] },
    want: { outcome: "ok", requests: 1 },
  },
  {
    name: "a wrong Content-Type on good JSON in pagination",
    given: { call: "listArtifacts", api: [jsonAsHtml([{ id: "art-0" }])] },
    want: { outcome: "ok", items: 1, requests: 1 },
  },
  {
    name: "a wrong Content-Type: HTML labelled JSON on a 200",
    given: { call: "getArtifact", api: [htmlAsJson()] },
    want: { outcome: "ResponseError invalid-json", requests: 1 },
  },
  {
    name: "a 401 on a single GET",
    given: { call: "getArtifact", api: [unauthorized()] },
    want: { outcome: "error 401", requests: 1, message: /^Token expired: Bearer \[redacted\]$/ },
  },

  // Redirects: API calls never follow them, so the token cannot ride one; downloads follow them without it.
  {
    name: "a redirect loop, GET",
    given: { call: "getArtifact", api: [redirectLoop()] },
    want: { outcome: "error 302", requests: 1, message: /HTTP 302 Found: the body was empty/ },
  },
  {
    name: "a redirect loop, POST",
    given: { call: "createArtifact", api: [redirectLoop(307)] },
    want: { outcome: "error 307", requests: 1 },
  },
  {
    name: "a redirect loop in pagination",
    given: { call: "listArtifacts", api: [redirectLoop()] },
    want: { outcome: "ApiError 302", items: 0, requests: 1 },
  },
  // Fetch gives up after 20 redirects (Fetch standard, HTTP-redirect fetch), a network error, retried as one.
  {
    name: "a redirect loop at the storage host",
    given: { call: "download", other: times(84, () => redirectLoop()) },
    want: { outcome: "NetworkError", requests: 1, other: 84, retries: ["network", "network", "network"] },
  },
  {
    name: "a 302 to another origin, GET",
    given: { call: "getArtifact", api: [redirectToPeer()] },
    want: { outcome: "error 302", requests: 1 },
  },
  {
    name: "a 307 to another origin, PATCH",
    given: { call: "updateArtifact", api: [redirectToPeer(307)] },
    want: { outcome: "error 307", requests: 1 },
  },
  {
    name: "a 302 to another origin in pagination",
    given: { call: "listArtifacts", api: [undefined, redirectToPeer()] },
    want: { outcome: "ApiError 302", items: 100, requests: 2 },
  },
  {
    name: "a 302 from the storage host back to the API's origin",
    given: { call: "download", other: [redirectToPeer()] },
    want: { outcome: "ok", bytes: 64, requests: 2, other: 1, tokens: [true, false] },
  },
  {
    name: "a download URL on the API's own origin",
    given: { call: "download", api: [downloadFromSelf()] },
    want: { outcome: "ok", bytes: 64, requests: 2, tokens: [true, false] },
  },

  // Pagination: next links stay on the API's origin, parse, and do not loop.
  {
    name: "a Link next URL on another host",
    given: {
      call: "listArtifacts",
      api: [linkPage("next link to another host", ({ peer }) => `<${peer}${LIST_PAGE}?page=2>; rel="next"`)],
    },
    want: { outcome: "ResponseError cross-origin-link", items: 1, requests: 1 },
  },
  {
    name: "a Link next URL on another host after good pages",
    given: {
      call: "listArtifacts",
      api: [undefined, linkPage("next link to another host", ({ peer }) => `<${peer}/v2/steal>; rel="next"`)],
    },
    want: { outcome: "ResponseError cross-origin-link", items: 101, requests: 2 },
  },
  {
    name: "a malformed Link header: no angle brackets",
    given: {
      call: "listArtifacts",
      api: [linkPage("malformed Link", ({ self }) => `${self}${LIST_PAGE}?page=2; rel="next"`)],
    },
    want: { outcome: "ResponseError malformed-link", items: 1, requests: 1 },
  },
  {
    name: "a malformed Link header: unterminated quote",
    given: {
      call: "listArtifacts",
      api: [linkPage("malformed Link", ({ self }) => `<${self}${LIST_PAGE}?page=2>; rel="next`)],
    },
    want: { outcome: "ResponseError malformed-link", items: 1, requests: 1 },
  },
  {
    name: "a Link next URL to the page just read",
    given: {
      call: "listArtifacts",
      api: [linkPage("pagination loop", ({ request, self }) => `<${self}${request.url}>; rel="next"`)],
    },
    want: { outcome: "ResponseError pagination-loop", items: 1, requests: 1 },
  },
  {
    name: "a next link carrying the token, then a 503 burst",
    given: { call: "listArtifacts", api: [tokenInPath, ...times(4, unavailable)] },
    want: {
      outcome: "ApiError 503",
      items: 1,
      requests: 5,
      retries: ["server-error", "server-error", "server-error"],
      message: /\/artifacts\/\[redacted\]: HTTP 503/,
    },
  },

  // Size.
  {
    name: "a 20 MB page",
    given: { call: "listArtifacts", api: [hugePage(MB20)] },
    want: { outcome: "ok", items: HUGE_ITEMS, requests: 1 },
  },
  {
    name: "a 20 MB download",
    given: { call: "download", other: [hugeFile(MB20)] },
    want: { outcome: "ok", bytes: MB20, requests: 1, other: 1 },
  },

  // A 401 in the middle of pagination: the pages before it were handed over, nothing is retried.
  {
    name: "a 401 in the middle of pagination",
    given: { call: "listArtifacts", api: [undefined, undefined, unauthorized()] },
    want: {
      outcome: "ApiError 401",
      items: 200,
      requests: 3,
      message: /HTTP 401: Token expired: Bearer \[redacted\]$/,
    },
  },
];

// Anything the process reports as an unhandled rejection during the suite is a defect of the client.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

let task: RunnerTestCase;
beforeEach((context) => {
  task = context.task;
  return () => vi.useRealTimers();
});

/** Yields to the event loop until `done` (setImmediate is left real under fake timers). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe("the client under faults", () => {
  it.each(rows)("$name", async ({ given, want }) => {
    const servers = await startServers(given);
    const events: RetryEvent[] = [];
    const log: string[] = [];
    const consoleLines: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void consoleLines.push(args.map(String).join(" ")),
      );
    }
    const retry: RetryOptions | false =
      given.client?.retry === false ? false : { baseDelayMs: 1, maxDelayMs: 8, ...given.client?.retry };
    const options: ClientOptions = {
      token: TOKEN,
      timeoutMs: given.client?.timeoutMs ?? 10_000,
      retry,
      onRetry: (event) => {
        events.push(event);
        log.push(retryLine(event));
      },
    };
    if (want.waits)
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.UTC(2026, 0, 2, 3, 4, 5) });

    let settlements = 0;
    const signal = given.signalMs === undefined ? undefined : timeoutSignal(given.signalMs);
    const progress = { bytes: 0 };
    const run = perform(given.call, clients(servers.urls, options), { progress, ...(signal ? { signal } : {}) }).then(
      (outcome) => {
        settlements++;
        return outcome;
      },
      (thrown: unknown) => {
        settlements++;
        throw thrown;
      },
    );
    for (const [i, wait] of (want.waits ?? []).entries()) {
      await until(() => events.length > i);
      expect(events[i]?.delayMs).toBe(wait);
      const sent = servers.api.received + servers.other.received;
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(servers.api.received + servers.other.received, `a request left before the ${wait} ms wait was over`).toBe(
        sent,
      );
      await vi.advanceTimersByTimeAsync(1);
    }
    vi.useRealTimers();
    // Each request a server holds (no headers, a body that stalls) times out when the suite's clock
    // moves on, once the server holds it and a download's caller has read what was sent: never before,
    // so an answer that comes, however late, never meets a timeout.
    const ended = run.then(
      () => undefined,
      () => undefined,
    );
    for (let n = 0; ; n++) {
      const held = await Promise.race([ended, servers.held(n)]);
      if (held === undefined) break;
      if (given.call === "download" && held.listener === "storage") await until(() => progress.bytes >= held.bytes);
      expireTimeouts(options.timeoutMs);
    }
    const result = await run;
    log.push(`${METHOD[given.call]} ${given.call}: ${result.outcome}${result.message ? `: ${result.message}` : ""}`);
    // Counted after closing: a request sent after the call settled would show up here.
    await servers.close();
    await new Promise((resolve) => setImmediate(resolve));
    vi.restoreAllMocks();

    (task.meta as { faults?: RowMeta }).faults = {
      injected: Object.fromEntries([...servers.api.injected, ...servers.other.injected]),
      outcome: result.outcome,
    };

    expect(result.outcome, result.message).toBe(want.outcome);
    expect(servers.api.received, "requests to the API").toBe(want.requests);
    expect(servers.other.received, "requests to the other origin").toBe(want.other ?? 0);
    expect(events.map((e) => e.reason)).toEqual(want.retries ?? []);
    expect(events.map((e) => e.attempt)).toEqual((want.retries ?? []).map((_, i) => i + 1));
    if (want.items !== undefined) expect(result.items).toBe(want.items);
    if (want.bytes !== undefined) expect(result.bytes).toBe(want.bytes);
    if (want.message !== undefined) expect(result.message).toMatch(want.message);

    // Settles exactly once, with nothing left unhandled.
    expect(settlements).toBe(1);
    expect(unhandled).toEqual([]);
    // POST and PATCH go out again only after a 429.
    const writes = servers.api.requests.filter((r) => r.method === "POST" || r.method === "PATCH");
    for (const [i, write] of writes.slice(0, -1).entries()) {
      expect(write.fault ?? "ok", `a ${writes[i]?.method} sent again after "${write.fault ?? "ok"}"`).toMatch(/^429/);
    }
    // The token goes to the API's origin only, and nowhere a person or a log would read it.
    expect(credentialsSeen(servers.other.requests)).toEqual([]);
    expect(servers.api.requests.map((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toEqual(
      want.tokens ?? servers.api.requests.map(() => true),
    );
    for (const [where, text] of [
      ["the outcome (message, error, body)", exposed(result)],
      ["an onRetry payload", JSON.stringify(events)],
      ["a log line", log.join("\n")],
      ["the console", consoleLines.join("\n")],
    ] as const) {
      expect(text.includes(TOKEN), `the token appears in ${where}: ${text.slice(0, 500)}`).toBe(false);
    }
  });
});
