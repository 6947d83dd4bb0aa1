// A spent rate limit on a twin, on a clock the test holds: the twin's window runs on Date, which
// stands still unless a wait of retry() moves it, so nothing depends on the machine's speed.
import { type Plugin, type RetryEvent, retry, unwrap } from "@ci-artifacts/client";
import type { Twin } from "@ci-artifacts/mock";
import { vi } from "vitest";

/** The clock of the rate-limit cases. */
export const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

type Result = { data?: unknown; error?: unknown; response: Response };

export interface SpentRateLimit<T extends Twin, C, R extends Result> {
  /** Starts the twin with its rate limit set (the clock already stands at {@link T0}). */
  start: () => Promise<T>;
  /** A client on the twin, with `plugins` if given. */
  client: (twin: T, plugins?: readonly Plugin[]) => C;
  /** The call both clients make. */
  call: (client: C, twin: T) => Promise<R>;
  /** How many calls the window allows the token. */
  budget: number;
}

export interface SpentRateLimitOutcome<T extends Twin, R> {
  twin: T;
  /** What `unwrap` threw for the lean client's first call over the budget. */
  refused: unknown;
  /** What a client with retry() got, the budget still spent; the twin's requests are its alone. */
  retried: R;
  /** The waits retry() took, each moving the clock to {@link T0} plus its delay as it starts. */
  waits: Pick<RetryEvent, "delayMs" | "reason">[];
}

/**
 * Spends the window's budget with a lean client, has its next call refused, then makes the same
 * call with retry(), which waits the window out. The caller asserts on what each got.
 */
export async function spentRateLimit<T extends Twin, C, R extends Result>({
  start,
  client,
  call,
  budget,
}: SpentRateLimit<T, C, R>): Promise<SpentRateLimitOutcome<T, R>> {
  vi.useFakeTimers({ toFake: ["Date"], now: T0 });
  try {
    const twin = await start();
    const lean = client(twin);
    for (let spent = 0; spent < budget; spent++) await call(lean, twin);
    const refused = await (async () => unwrap(await call(lean, twin)))().catch((error: unknown) => error);

    const waits: SpentRateLimitOutcome<T, R>["waits"] = [];
    const patient = client(twin, [
      retry({
        onRetry: ({ delayMs, reason }) => {
          waits.push({ delayMs, reason });
          vi.setSystemTime(T0 + delayMs);
        },
      }),
    ]);
    twin.resetRequests();
    const retried = await call(patient, twin);
    return { twin, refused, retried, waits };
  } finally {
    vi.useRealTimers();
  }
}
