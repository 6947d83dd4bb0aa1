// Which side of item 3's load runs bound it: the one spending more CPU per request, each on a core
// of its own; and a run where neither kept its core busy says so.
import { describe, expect, it } from "vitest";
import { boundBy } from "../src/wire-bound.mjs";

describe("boundBy", () => {
  it.each([
    {
      name: "a caller that spends more per request",
      given: { callerMs: 0.4, serverMs: 0.1, perSecond: 2_400 },
      want: { side: "caller", callerCores: 0.96, serverCores: 0.24, starved: false },
      text: "caller 400 µs (96% of a core), server 100 µs (24% of a core): the caller bound it",
    },
    {
      name: "a server that spends more per request",
      given: { callerMs: 0.2, serverMs: 0.5, perSecond: 1_900 },
      want: { side: "server", callerCores: 0.38, serverCores: 0.95, starved: false },
      text: "caller 200 µs (38% of a core), server 500 µs (95% of a core): the server bound it",
    },
    {
      name: "a run where neither side had its core",
      given: { callerMs: 0.3, serverMs: 0.1, perSecond: 1_000 },
      want: { side: "caller", callerCores: 0.3, serverCores: 0.1, starved: true },
      text: "caller 300 µs (30% of a core), server 100 µs (10% of a core): the caller bound it, though neither kept its core busy (other work on the machine took the rest)",
    },
  ])("$name", ({ given, want, text }) => {
    const bound = boundBy(given);
    expect(bound).toMatchObject({ side: want.side, starved: want.starved, text });
    expect(bound.callerCores).toBeCloseTo(want.callerCores, 9);
    expect(bound.serverCores).toBeCloseTo(want.serverCores, 9);
  });

  it.each([
    {
      name: "no server CPU",
      given: { callerMs: 0.3, serverMs: 0, perSecond: 1_000 },
      want: /serverMs must be above 0, got 0/,
    },
    {
      name: "a NaN rate",
      given: { callerMs: 0.3, serverMs: 0.1, perSecond: Number.NaN },
      want: /perSecond must be above 0, got NaN/,
    },
  ])("refuses $name, naming the value", ({ given, want }) => {
    expect(() => boundBy(given)).toThrow(want);
  });
});
