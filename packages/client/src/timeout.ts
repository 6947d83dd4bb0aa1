// Timeouts per attempt. On Node, fetch is undici, whose connections already time out silent
// headers and bodies (Dispatcher options `headersTimeout` and `bodyTimeout`): fetch gets a
// dispatcher that sets them on each request and hands it to the global one (undici's documented
// `Symbol.for("undici.globalDispatcher.1")`, so a proxy agent set there still applies). That costs
// no timer and no signal per call. Elsewhere, a timer aborts a signal.

export interface Timer {
  /** The init to hand fetch with the request. */
  readonly init: RequestInit | undefined;
  /** Whether `error`, thrown by fetch or by a body read, is this timer's doing. */
  timedOut(error: unknown): boolean;
  clear(): void;
}

// setTimeout fires at once for longer delays (they overflow a signed 32-bit integer).
export const MAX_TIMER_MS = 2 ** 31 - 1;
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");
const none = () => undefined;

const UNDICI = Boolean((globalThis as { process?: { versions?: { undici?: string } } }).process?.versions?.undici);

/** `undici`: whether fetch is undici's (Node); tests pass false for the other runtimes' way. */
export function createTimeouts(timeoutMs: number, undici = UNDICI): (request: Request, stream: boolean) => Timer {
  if (!(timeoutMs > 0 && (timeoutMs <= MAX_TIMER_MS || timeoutMs === Infinity))) {
    throw new TypeError(`timeoutMs must be a number in 1..${MAX_TIMER_MS} or Infinity, got ${timeoutMs}`);
  }
  if (undici) {
    // undici reads 0 as "no timeout"; a streamed download's body takes as long as it takes.
    const ms = timeoutMs === Infinity ? 0 : timeoutMs;
    const timer = (bodyTimeout: number): Timer => ({
      init: {
        dispatcher: {
          // fetch makes a new options object for every dispatch: setting the timeouts on it copies nothing.
          dispatch: (options: object, handler: unknown) =>
            (globalThis as { [GLOBAL_DISPATCHER]?: { dispatch(o: object, h: unknown): boolean } })[
              GLOBAL_DISPATCHER
            ]?.dispatch(Object.assign(options, { headersTimeout: ms, bodyTimeout }), handler),
        },
      } as RequestInit,
      timedOut(error) {
        for (let e = error; e instanceof Error; e = e.cause) {
          if (/^UND_ERR_(HEADERS|BODY)_TIMEOUT$/.test(String((e as { code?: unknown }).code))) return true;
        }
        return false;
      },
      clear: none,
    });
    const buffered = timer(ms);
    const streamed = timer(0);
    return (_request, stream) => (stream ? streamed : buffered);
  }
  if (timeoutMs === Infinity) return () => ({ init: undefined, timedOut: () => false, clear: none });
  return (request) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException("timed out", "TimeoutError")), timeoutMs);
    return {
      // A signal in init replaces the request's own, which follows the caller's: follow both.
      init: { signal: AbortSignal.any([request.signal, controller.signal]) },
      timedOut: () => controller.signal.aborted,
      clear: () => clearTimeout(timer),
    };
  };
}
