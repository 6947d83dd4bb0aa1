import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The first validation of each API reads its description and compiles schemas: under a second
    // when the machine is idle, several when it is busy.
    testTimeout: 30_000,
    projects: [
      // examples/ holds the README's snippet: it runs here against the build, as a consumer's suite would.
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts", "examples/**/*.test.ts"], exclude: ["test/consumer/**"] },
      },
      {
        // Packs the package and installs it with npm in a temporary project: slow, so its own step.
        extends: true,
        test: { name: "consumer", include: ["test/consumer/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000 },
      },
    ],
  },
});
