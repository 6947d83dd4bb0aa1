import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Contract, formatFailure, formatGap } from '../dist/index.js';
import { apis, bundle, repoRoot } from './bundles.js';

it('finds the bundles of both APIs', () => {
  expect(apis).toEqual(['buddy', 'buildkite']);
});

describe.each(apis)('%s', (api) => {
  const contract = bundle(api);
  const cases = contract.examples().map((example) => ({ name: `${api} ${example.name}`, example }));

  // One case per example, named `<api> <operationId> <request|status> <example name>`.
  it.each(cases)('$name', ({ example }) => {
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
    const sources = Contract.load(join(repoRoot, 'spec', api, 'openapi.yaml'), { displayBase: repoRoot });
    const names = (c: Contract) => c.examples().map((e) => `${e.name} (${e.direction})`).sort();
    expect(names(sources)).toEqual(names(contract));
    expect(sources.check().failures.map((f) => formatFailure(f))).toEqual([]);
  });
});
