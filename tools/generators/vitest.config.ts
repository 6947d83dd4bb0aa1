import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each generator's file spends its time waiting on child processes (the generator, tsc,
    // node): two at once keep both cores busy, where vitest's default here (cores - 1) is one.
    maxWorkers: 2,
    // A generator's first run on a bundle (no cache yet) takes up to half a minute on a busy
    // two-core machine; type-checking its output a few seconds more.
    hookTimeout: 240_000,
    testTimeout: 120_000,
  },
});
