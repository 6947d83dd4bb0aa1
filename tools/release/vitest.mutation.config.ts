import { defineConfig } from "vitest/config";

// The tests of the breaking-change gate, for StrykerJS (stryker.config.mjs): each mutant is
// judged by these, so the slow packed-tarball tests stay out.
export default defineConfig({
  test: {
    include: ["test/gate.test.ts", "test/spec-diff.test.ts"],
    testTimeout: 120_000,
  },
});
