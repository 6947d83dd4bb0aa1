import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Nothing asserts on time; a loaded 2-core machine needs more than vitest's 5 s default.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/consumer/**"] } },
      {
        // Packs the twin and what it needs, and installs them with npm in a scratch project: slow, so its own step.
        extends: true,
        test: { name: "consumer", include: ["test/consumer/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000 },
      },
    ],
  },
});
