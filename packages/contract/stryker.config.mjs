// Mutation testing of the engine's direction rules (`pnpm test:mutation`, not part of `pnpm test`):
// a readOnly property may not appear in a request nor a writeOnly one in a response, and
// `required` does not apply to them in that direction (src/engine/shadow.ts). StrykerJS changes
// that code one mutant at a time and runs the engine's tests against each; scores in TESTING.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // pnpm does not hoist the runner where StrykerJS looks for plugins by default: name it.
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  // isFlagged, forbiddenFlag, relaxFlags; property and relaxedNames.
  mutate: ["src/engine/shadow.ts:250-292", "src/engine/shadow.ts:487-512"],
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  coverageAnalysis: "perTest",
  concurrency: 1,
  timeoutMS: 60_000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
