// Mutation testing of the client's retry policy, its redirect and credential policy, and pacing
// (`pnpm test:mutation`, not part of `pnpm test`): StrykerJS changes that code one mutant at a
// time and runs the tests that cover it against each (its default per-test coverage); a mutant no
// test notices is a behaviour without a test. Scores and the mutants left alive are in TESTING.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // pnpm does not hoist the runner where StrykerJS looks for plugins by default: name it.
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  mutate: ["src/retry-policy.ts", "src/policy.ts", "src/pacing.ts"],
  // The JSON report goes to reports/mutation/mutation.json (ignored by git).
  reporters: ["clear-text", "progress", "json"],
  // One mutant at a time: the machine's other core is for everything else.
  concurrency: 1,
};
