import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The load run measures the heap after a full collection.
    execArgv: ["--expose-gc"],
    // Nothing asserts on time; the load run takes about 20 s of CPU, and a 2-core machine
    // shared with other test tasks stretches its wall time several-fold.
    testTimeout: 300_000,
    // The two files are independent (each its own servers and process); vitest would run them one
    // after the other on a 2-core machine.
    maxWorkers: 2,
    reporters: ["default", "./test/support/summary.ts"],
  },
});
