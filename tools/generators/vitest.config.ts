import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A generator's first run on a bundle (no cache yet) takes up to half a minute on a busy
    // two-core machine; type-checking its output a few seconds more.
    hookTimeout: 240_000,
    testTimeout: 120_000,
  },
});
