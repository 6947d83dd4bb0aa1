/**
 * The command line's fault rules: `kind[:key=value,...]`, several separated by `;`.
 *
 *   503:rate=0.1                      a tenth of all requests answer 503
 *   429:route=listBuildArtifacts,count=2   the first two list calls answer 429
 *   slow:ms=1500,after=3              from the fourth request on, each 1.5 s late
 *   corrupt:route=storage             every file served with changed bytes
 */
import type { FaultAction, FaultRule } from "./types.js";

export class FaultSyntaxError extends Error {
  constructor(rule: string, index: number, problem: string) {
    super(`fault rule ${index + 1} (${JSON.stringify(rule)}): ${problem}`);
    this.name = "FaultSyntaxError";
  }
}

const KINDS = ["429", "4xx or 5xx status", "slow", "hang", "drop", "truncate", "stall", "corrupt"];
const KEYS: Record<string, readonly string[]> = {
  common: ["route", "after", "count", "rate"],
  "429": ["retry"],
  status: ["body"],
  slow: ["ms"],
  truncate: ["bytes"],
  stall: ["bytes"],
};

export function parseFaults(text: string): FaultRule[] {
  return text
    .split(";")
    .map((rule) => rule.trim())
    .filter((rule) => rule !== "")
    .map(parseRule);
}

function parseRule(text: string, index: number): FaultRule {
  const fail = (problem: string): never => {
    throw new FaultSyntaxError(text, index, problem);
  };
  const colon = text.indexOf(":");
  const kind = (colon < 0 ? text : text.slice(0, colon)).trim();
  const options = new Map<string, string>();
  if (colon >= 0) {
    for (const pair of text.slice(colon + 1).split(",")) {
      if (pair.trim() === "") continue;
      const eq = pair.indexOf("=");
      if (eq < 0) fail(`${JSON.stringify(pair.trim())} is not key=value`);
      const key = pair.slice(0, eq).trim();
      if (options.has(key)) fail(`${key} is given twice`);
      options.set(key, pair.slice(eq + 1).trim());
    }
  }
  const whole = (key: string, min: number): number | undefined => {
    const value = options.get(key);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min)
      fail(`${key} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`);
    return Number(value);
  };

  let fault: FaultAction;
  let own: readonly string[] = [];
  if (kind === "429") {
    fault = { type: "429", retryAfter: whole("retry", 0) ?? 1 };
    own = KEYS["429"] ?? [];
  } else if (/^[45]\d\d$/.test(kind)) {
    const body = options.get("body") ?? "vendor";
    if (body !== "vendor" && body !== "empty") fail(`body must be vendor or empty, got ${JSON.stringify(body)}`);
    fault = { type: "status", status: Number(kind), body: body as "vendor" | "empty" };
    own = KEYS.status ?? [];
  } else if (kind === "slow") {
    const ms = whole("ms", 0);
    if (ms === undefined) fail("slow needs ms=<milliseconds>");
    fault = { type: "slow", ms: ms as number };
    own = KEYS.slow ?? [];
  } else if (kind === "truncate" || kind === "stall") {
    const bytes = whole("bytes", 0);
    fault = bytes === undefined ? { type: kind } : { type: kind, bytes };
    own = KEYS[kind] ?? [];
  } else if (kind === "hang" || kind === "drop" || kind === "corrupt") {
    fault = { type: kind };
  } else {
    return fail(`unknown kind ${JSON.stringify(kind)}: use one of ${KINDS.join(", ")}`);
  }
  for (const key of options.keys()) {
    if (!KEYS.common?.includes(key) && !own.includes(key)) {
      fail(`${key} is not an option of ${kind}: use ${[...(KEYS.common ?? []), ...own].join(", ")}`);
    }
  }
  const rule: FaultRule = { fault };
  const route = options.get("route");
  if (route !== undefined) {
    if (route === "") fail("route is empty");
    rule.route = route.split("|").map((name) => name.trim());
  }
  const after = whole("after", 0);
  if (after !== undefined) rule.after = after;
  const count = whole("count", 1);
  if (count !== undefined) rule.count = count;
  const rate = options.get("rate");
  if (rate !== undefined) {
    const value = Number(rate);
    if (rate === "" || !(value >= 0 && value <= 1))
      fail(`rate must be a number from 0 to 1, got ${JSON.stringify(rate)}`);
    rule.rate = value;
  }
  return rule;
}

/** Checks a rule written in code, with the same words as the command line. */
export function checkRule(rule: FaultRule, index: number, routes: ReadonlySet<string>): void {
  const fail = (problem: string): never => {
    throw new FaultSyntaxError(JSON.stringify(rule.fault) ?? String(rule.fault), index, problem);
  };
  const given = rule.fault as Partial<{ type: unknown; act: unknown }> | undefined;
  if (
    typeof given !== "object" ||
    given === null ||
    !(typeof given.type === "string" || typeof given.act === "function")
  ) {
    // A fault given bare, as `{ type: "429" }` or `{ kind, act }`, instead of inside a rule.
    throw new FaultSyntaxError(
      JSON.stringify(rule) ?? String(rule),
      index,
      "a rule is { fault, route?, after?, count?, rate? }, its fault { type, ... } or { kind, act }",
    );
  }
  for (const name of typeof rule.route === "string" ? [rule.route] : (rule.route ?? [])) {
    if (!routes.has(name)) fail(`route ${JSON.stringify(name)} is not one of ${[...routes].join(", ")}`);
  }
  if (rule.after !== undefined && !(Number.isSafeInteger(rule.after) && rule.after >= 0))
    fail("after must be a whole number");
  if (rule.count !== undefined && !(Number.isSafeInteger(rule.count) && rule.count >= 1))
    fail("count must be a whole number of at least 1");
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) fail("rate must be a number from 0 to 1");
  const fault = rule.fault;
  if (
    "type" in fault &&
    fault.type === "status" &&
    !(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599)
  ) {
    fail("status must be an error status (400..599)");
  }
}
