import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The registry test lints, bundles, checks and builds the docs of a scratch copy: minutes on a
    // busy 2-core machine, with nothing asserted on time.
    testTimeout: 600_000,
  },
});
