import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        // Some cases spawn the type generator or a server; none asserts on time,
        // and a loaded 2-core machine needs more than vitest's 5 s default.
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/consumer/**"], testTimeout: 60_000 },
      },
      {
        // Packs the package and installs it with npm in a temporary project: slow, so its own step.
        test: { name: "consumer", include: ["test/consumer/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000 },
      },
    ],
  },
});
