import { browserProject, consumerProject } from "@ci-artifacts/test-support/vitest";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        // Some cases spawn the type generator or a server, and the samples test type-checks every
        // sample in its setup (10 s alone while `pnpm test` loads both cores); none asserts on time.
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/consumer/**", "test/browser/**"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      browserProject(),
      // Packs the package and installs it with npm in a temporary project: slow, so its own step.
      consumerProject(),
    ],
  },
});
