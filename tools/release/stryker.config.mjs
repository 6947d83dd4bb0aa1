// Mutation testing of the breaking-change gate (`pnpm test:mutation`, not part of `pnpm test`):
// StrykerJS changes the gate's code one mutant at a time and runs the unit tests against each;
// a mutant no test notices is a behaviour without a test. Scores are kept in TESTING.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // pnpm does not hoist the runner where StrykerJS looks for plugins by default: name it.
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  mutate: ["src/gate.ts"],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  coverageAnalysis: "perTest",
  concurrency: 1,
  timeoutMS: 60_000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
