import { Contract, formatFailure, formatGap } from "@ci-artifacts/contract/engine";
import { describe, expect, it } from "vitest";
import { apis, bundle, repoRoot, sourceOf } from "./bundles.js";

it("finds the bundles of both APIs", () => {
  expect(apis).toEqual(["buddy", "buildkite"]);
});

describe.each(apis)("%s", (api) => {
  const contract = bundle(api);
  const cases = contract.examples().map((example) => ({ name: `${api} ${example.name}`, example }));

  // One case per example, named `<api> <operationId> <request|status> <example name>`.
  it.each(cases)("$name", ({ example }) => {
    const result = contract.validateExample(example);
    const message = formatFailure(result, `${api} `);
    expect(result.schemaError, message).toBeUndefined();
    expect(result.errors, message).toEqual([]);
  });

  it(`${api}: every request body, and every response with a body, has an example`, () => {
    expect(contract.coverage().map((gap) => formatGap(gap, contract, `${api} `))).toEqual([]);
  });

  it(`${api}: no example is left unchecked`, () => {
    expect(contract.skipped()).toEqual([]);
  });

  it(`${api}: the multi-file sources, read directly, give the same cases and verdicts`, () => {
    const sources = Contract.load(sourceOf(api), { displayBase: repoRoot, strict: true });
    const names = (c: Contract) =>
      c
        .examples()
        .map((e) => `${e.name} (${e.direction})`)
        .sort();
    expect(names(sources)).toEqual(names(contract));
    // The same verdict per case: whatever fails in the bundle fails in the sources, and only that
    // (a broken example then fails its own case above, not this comparison as well).
    const verdicts = (c: Contract) =>
      c
        .examples()
        .map((e) => {
          const result = c.validateExample(e);
          return `${e.name} (${e.direction}): ${result.schemaError === undefined && result.errors.length === 0 ? "valid" : "invalid"}`;
        })
        .sort();
    expect(verdicts(sources)).toEqual(verdicts(contract));
  });
});
