import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/**
 * Which fault, if any, each attempt of each call meets: drawn up front from one seeded stream, so
 * a run is the same whatever order the requests arrive in, and the test can work out every
 * call's outcome in advance.
 */
export interface LoadPlan {
  readonly seed: number;
  readonly calls: number;
  readonly attempts: number;
  /** The index of the fault kind met by this call's attempt (from 1), or -1 for a normal answer. */
  faultAt(call: number, attempt: number): number;
}

export function loadPlan(options: {
  seed: number;
  calls: number;
  attempts: number;
  rate: number;
  kinds: number;
}): LoadPlan {
  const { seed, calls, attempts, rate, kinds } = options;
  const rng = xoroshiro128plus(seed);
  const table = new Int8Array(calls * attempts).fill(-1);
  for (let i = 0; i < table.length; i++) {
    if (uniformFloat64(rng) < rate) table[i] = uniformInt(rng, 0, kinds - 1);
  }
  return {
    seed,
    calls,
    attempts,
    faultAt(call, attempt) {
      if (call < 0 || call >= calls || attempt < 1 || attempt > attempts) return -1;
      return table[call * attempts + attempt - 1] ?? -1;
    },
  };
}
