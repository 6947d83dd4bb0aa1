import { describe, expect, it } from "vitest";
import { type Answer, retryDelay, retryPolicy, serverWait } from "../src/retry-policy.js";

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const answer = (status: number, fields: Record<string, string> = {}): Answer => ({
  status,
  headers: new Headers(fields),
});
const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000 });
/** An HTTP date `ms` after NOW, as `Retry-After` may give one. */
const httpDate = (ms: number) => new Date(NOW + ms).toUTCString();

describe("retryDelay: a pure function of the attempt and its answer", () => {
  it.each<{ name: string; given: { attempt: number; method: string; answer: Answer; random?: number }; want: unknown }>(
    [
      { name: "200 ends the call", given: { attempt: 1, method: "GET", answer: answer(200) }, want: undefined },
      { name: "500 ends the call", given: { attempt: 1, method: "GET", answer: answer(500) }, want: undefined },
      { name: "404 ends the call", given: { attempt: 1, method: "GET", answer: answer(404) }, want: undefined },
      {
        name: "503 on a GET backs off",
        given: { attempt: 1, method: "GET", answer: answer(503), random: 0.5 },
        want: { delayMs: 50, reason: "server-error" },
      },
      {
        name: "the backoff step doubles per attempt",
        given: { attempt: 3, method: "GET", answer: answer(502), random: 0.5 },
        want: { delayMs: 200, reason: "server-error" },
      },
      {
        name: "a 503's Retry-After is honoured",
        given: { attempt: 1, method: "GET", answer: answer(503, { "retry-after": "2" }) },
        want: { delayMs: 2_000, reason: "server-error" },
      },
      {
        name: "a 503's Retry-After as an HTTP date is honoured",
        given: { attempt: 1, method: "DELETE", answer: answer(503, { "retry-after": httpDate(7_000) }) },
        want: { delayMs: 7_000, reason: "server-error" },
      },
      {
        name: "a 503's Retry-After over maxRetryAfterMs is not waited: the 503 is the answer",
        given: { attempt: 1, method: "GET", answer: answer(503, { "retry-after": "61" }) },
        want: undefined,
      },
      {
        name: "a 503's Retry-After does not make a POST safe to send again",
        given: { attempt: 1, method: "POST", answer: answer(503, { "retry-after": "1" }) },
        want: undefined,
      },
      {
        name: "RateLimit-Reset is a 429's: on a 503 it is no wait, the backoff is",
        given: { attempt: 1, method: "GET", answer: answer(503, { "ratelimit-reset": "30" }), random: 1 },
        want: { delayMs: 100, reason: "server-error" },
      },
      {
        name: "503 on a POST ends the call",
        given: { attempt: 1, method: "POST", answer: answer(503) },
        want: undefined,
      },
      {
        name: "502 on a PATCH ends the call",
        given: { attempt: 1, method: "PATCH", answer: answer(502) },
        want: undefined,
      },
      {
        name: "429 on a POST waits as asked: the server did nothing",
        given: { attempt: 1, method: "POST", answer: answer(429, { "retry-after": "3" }) },
        want: { delayMs: 3_000, reason: "rate-limited" },
      },
      {
        name: "429 waits for RateLimit-Reset",
        given: { attempt: 2, method: "GET", answer: answer(429, { "ratelimit-reset": "5" }) },
        want: { delayMs: 5_000, reason: "rate-limited" },
      },
      {
        name: "429 waits for the longer of RateLimit-Reset and Retry-After",
        given: { attempt: 1, method: "GET", answer: answer(429, { "ratelimit-reset": "2", "retry-after": "4" }) },
        want: { delayMs: 4_000, reason: "rate-limited" },
      },
      {
        name: "429 waits for Retry-After as an HTTP date",
        given: { attempt: 1, method: "GET", answer: answer(429, { "retry-after": httpDate(9_000) }) },
        want: { delayMs: 9_000, reason: "rate-limited" },
      },
      {
        name: "429 without a wait backs off",
        given: { attempt: 1, method: "GET", answer: answer(429), random: 1 },
        want: { delayMs: 100, reason: "rate-limited" },
      },
      {
        name: "a wait of exactly maxRetryAfterMs is waited",
        given: { attempt: 1, method: "GET", answer: answer(429, { "retry-after": "60" }) },
        want: { delayMs: 60_000, reason: "rate-limited" },
      },
      {
        name: "a wait longer than maxRetryAfterMs is not waited: the 429 is the answer",
        given: { attempt: 1, method: "GET", answer: answer(429, { "ratelimit-reset": "600" }) },
        want: undefined,
      },
      {
        name: "a timeout of a GET is retried",
        given: { attempt: 1, method: "GET", answer: { failure: "timeout" }, random: 0 },
        want: { delayMs: 0, reason: "timeout" },
      },
      {
        name: "a lost answer to a POST is not: it may have been applied",
        given: { attempt: 1, method: "POST", answer: { failure: "network" } },
        want: undefined,
      },
      {
        name: "after the last retry, the answer stands",
        given: { attempt: 4, method: "GET", answer: answer(503) },
        want: undefined,
      },
    ],
  )("$name", ({ given, want }) => {
    const random = () => given.random ?? 0.5;
    expect(retryDelay(given.attempt, given.method, given.answer, policy, random, NOW)).toEqual(want);
  });
});

describe("answers that end the call", () => {
  it.each([
    { name: "501 (the server cannot do it)", given: { method: "GET", status: 501 } },
    { name: "505", given: { method: "GET", status: 505 } },
    // A method is matched whole.
    { name: "503 to a method that only starts like GET", given: { method: "GETALL", status: 503 } },
    { name: "503 to a method that only ends like GET", given: { method: "FORGET", status: 503 } },
  ])("$name", ({ given }) => {
    expect(retryDelay(1, given.method, answer(given.status), policy, () => 0.5, NOW)).toBeUndefined();
  });
});

describe("backoff: full jitter over a step that doubles from baseDelayMs up to maxDelayMs", () => {
  // The defaults a user gets (500 ms, doubling, at most 20 s), with room for eight retries.
  const defaults = retryPolicy({ retries: 8 });
  const steps = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000];
  const waitFor = (attempt: number, random: number, method = "GET") =>
    retryDelay(attempt, method, answer(503), defaults, () => random, NOW)?.delayMs;

  it.each(steps.map((step, i) => ({ attempt: i + 1, step })))(
    "attempt $attempt: the random draw scales a step of $step ms",
    ({ attempt, step }) => {
      expect([0, 0.25, 0.5, 0.999_999].map((random) => waitFor(attempt, random))).toEqual([
        0,
        step / 4,
        step / 2,
        step,
      ]);
    },
  );

  it.each(steps.map((step, i) => ({ attempt: i + 1, step })))(
    "attempt $attempt: a thousand draws spread over 0..$step ms, never past it",
    ({ attempt, step }) => {
      const waits = Array.from({ length: 1_000 }, (_, k) => waitFor(attempt, k / 1_000) as number);
      expect({ least: Math.min(...waits), most: Math.max(...waits) }).toEqual({
        least: 0,
        most: Math.round(0.999 * step),
      });
      expect(waits.every((wait, k) => k === 0 || wait >= (waits[k - 1] as number))).toBe(true);
    },
  );

  it("a failure without an answer backs off on the same steps", () => {
    const timeout = (attempt: number) =>
      retryDelay(attempt, "GET", { failure: "timeout" }, defaults, () => 0.999_999, NOW)?.delayMs;
    expect([1, 2, 7].map(timeout)).toEqual([500, 1_000, 20_000]);
  });

  it("waits are whole milliseconds, rounded to the nearest", () => {
    expect([0.0009, 0.001, 0.0019].map((random) => waitFor(1, random))).toEqual([0, 1, 1]);
  });

  it("a smaller maxDelayMs caps the first step too", () => {
    const tight = retryPolicy({ baseDelayMs: 500, maxDelayMs: 300 });
    expect(retryDelay(1, "GET", answer(503), tight, () => 0.999_999, NOW)).toEqual({
      delayMs: 300,
      reason: "server-error",
    });
  });
});

describe("serverWait", () => {
  it.each<{ name: string; given: Record<string, string>; want: number | undefined }>([
    { name: "seconds", given: { "retry-after": "1.5" }, want: 1_500 },
    { name: "a date in the past", given: { "retry-after": httpDate(-5_000) }, want: 0 },
    { name: "nonsense", given: { "retry-after": "soon" }, want: undefined },
    { name: "a date at the epoch: no wait", given: { "retry-after": new Date(0).toUTCString() }, want: 0 },
    { name: "seconds with white space around them", given: { "retry-after": " 5 " }, want: 5_000 },
    { name: "seconds with two decimals", given: { "retry-after": "1.25" }, want: 1_250 },
    { name: "a number with something before it", given: { "retry-after": "x5" }, want: undefined },
    { name: "a number with something after it", given: { "retry-after": "5s" }, want: undefined },
    { name: "RateLimit-Reset alone, on a 429", given: { "ratelimit-reset": "12" }, want: 12_000 },
  ])("$name", ({ given, want }) => {
    expect(serverWait(429, new Headers(given), NOW)).toBe(want);
  });
});

describe("retryPolicy", () => {
  it.each([
    {
      name: "the defaults",
      given: {},
      want: { retries: 3, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 },
    },
    {
      name: "undefined keeps a default",
      given: { retries: undefined, maxDelayMs: 5 },
      want: { retries: 3, maxDelayMs: 5 },
    },
  ])("$name", ({ given, want }) => {
    expect(retryPolicy(given)).toMatchObject(want);
  });

  it("takes the longest delay a timer can wait", () => {
    expect(retryPolicy({ maxDelayMs: 2 ** 31 - 1 }).maxDelayMs).toBe(2 ** 31 - 1);
  });

  it.each([
    {
      name: "a negative retry count",
      given: { retries: -1 },
      want: /retry: retries must be a number in 0\.\.2147483647, got -1/,
    },
    {
      name: "a delay past a timer's range",
      given: { maxDelayMs: 2 ** 31 },
      want: /retry: maxDelayMs must be a number/,
    },
    {
      name: "a string",
      given: { baseDelayMs: "5" as unknown as number },
      want: /retry: baseDelayMs must be a number in .*, got 5/,
    },
  ])("rejects $name", ({ given, want }) => {
    expect(() => retryPolicy(given)).toThrow(want);
  });
});
