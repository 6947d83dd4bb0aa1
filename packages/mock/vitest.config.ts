import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts its own Prism processes (about two seconds each on two cores).
    hookTimeout: 60_000,
    testTimeout: 60_000,
  },
});
