/** Which fault, if any, a request meets: the first rule or picker that fires, in the order added. */
import type { RecordedRequest } from "../http/record.js";
import { createRandom } from "../random.js";
import { checkRule, parseFaults } from "./config.js";
import { type Fault, type FaultPicker, type FaultRule, kindOf } from "./types.js";

export interface FaultControl {
  /** Adds rules (objects, a picker, or the command line's text); they apply from the next request. */
  add(...rules: (FaultRule | FaultPicker | string)[]): void;
  /** Removes every rule; the tally stays. */
  clear(): void;
  /** Faults met so far, by kind. */
  readonly injected: ReadonlyMap<string, number>;
}

export interface Faults extends FaultControl {
  pick(request: RecordedRequest, index: number): Fault | undefined;
}

interface Active {
  rule: FaultRule | undefined;
  picker: FaultPicker | undefined;
  routes: ReadonlySet<string> | undefined;
  seen: number;
}

export function createFaults(seed: number, routes: ReadonlySet<string>): Faults {
  const random = createRandom(seed, "faults");
  const active: Active[] = [];
  const injected = new Map<string, number>();
  const matches = (names: ReadonlySet<string> | undefined, route: string) =>
    names === undefined ||
    names.has("*") ||
    names.has(route) ||
    (names.has("api") && route !== "storage" && route !== "unknown");

  return {
    injected,
    add(...rules) {
      const added: Active[] = [];
      for (const item of rules) {
        if (typeof item === "function") {
          added.push({ rule: undefined, picker: item, routes: undefined, seen: 0 });
          continue;
        }
        for (const rule of typeof item === "string" ? parseFaults(item) : [item]) {
          checkRule(rule, active.length + added.length, routes);
          const names =
            rule.route === undefined ? undefined : new Set(typeof rule.route === "string" ? [rule.route] : rule.route);
          added.push({ rule, picker: undefined, routes: names, seen: 0 });
        }
      }
      active.push(...added);
    },
    clear() {
      active.length = 0;
    },
    pick(request, index) {
      let chosen: Fault | undefined;
      for (const entry of active) {
        if (entry.picker) {
          chosen ??= entry.picker(request, index);
          continue;
        }
        const rule = entry.rule as FaultRule;
        if (!matches(entry.routes, request.route)) continue;
        const n = entry.seen++;
        if (chosen !== undefined) continue;
        const after = rule.after ?? 0;
        if (n < after || (rule.count !== undefined && n >= after + rule.count)) continue;
        if (rule.rate !== undefined && !(random.float() < rule.rate)) continue;
        chosen = rule.fault;
      }
      if (chosen !== undefined) {
        const kind = kindOf(chosen);
        injected.set(kind, (injected.get(kind) ?? 0) + 1);
      }
      return chosen;
    },
  };
}

export const ROUTE_KEYWORDS = ["*", "api", "storage"] as const;
