import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The load run measures the heap after a full collection.
    execArgv: ["--expose-gc"],
    testTimeout: 60_000,
    // The two files are independent (each its own servers and process); vitest would run them one
    // after the other on a 2-core machine.
    maxWorkers: 2,
    reporters: ["default", "./test/support/summary.ts"],
  },
});
