import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/consumer/**"] } },
      {
        // Packs the package and installs it with npm in a temporary project: slow, so its own step.
        test: { name: "consumer", include: ["test/consumer/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000 },
      },
    ],
  },
});
