/**
 * The twin's one source of chance: pure-rand's xoroshiro128+, seeded, so the same seed gives the
 * same data and the same fault draws on every machine. A stream per purpose (`salt`) keeps one
 * purpose's draws from shifting another's.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

export interface Random {
  /** An integer in min..max, both included. */
  int(min: number, max: number): number;
  /** A number in [0, 1). */
  float(): number;
  pick<T>(list: readonly T[]): T;
  /** A version 4 UUID, lower case. */
  uuid(): string;
  /** `length` characters of `alphabet`. */
  text(length: number, alphabet: string): string;
}

const HEX = "0123456789abcdef";

export function createRandom(seed: number, salt = ""): Random {
  const rng = xoroshiro128plus(mix(seed, salt));
  const int = (min: number, max: number) => uniformInt(rng, min, max);
  const text = (length: number, alphabet: string) => {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[int(0, alphabet.length - 1)];
    return out;
  };
  return {
    int,
    float: () => uniformFloat64(rng),
    pick: <T>(list: readonly T[]) => {
      if (list.length === 0) throw new RangeError("nothing to pick from");
      return list[int(0, list.length - 1)] as T;
    },
    uuid: () => `${text(8, HEX)}-${text(4, HEX)}-4${text(3, HEX)}-${"89ab"[int(0, 3)]}${text(3, HEX)}-${text(12, HEX)}`,
    text,
  };
}

/** FNV-1a over the salt, folded into the seed: a 32-bit seed per stream. */
function mix(seed: number, salt: string): number {
  let hash = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < salt.length; i++) {
    hash ^= salt.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
