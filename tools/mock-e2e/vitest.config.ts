import { consumerProject } from "@ci-artifacts/test-support/vitest";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "e2e",
          include: ["test/**/*.test.ts"],
          exclude: ["test/consumer/**"],
          // beforeAll starts Prism twice: about two seconds each on an idle two-core machine, far longer
          // when the machine is busy.
          hookTimeout: 180_000,
          testTimeout: 60_000,
        },
      },
      // Packs the twin, the client and what they need, and installs them with npm in a scratch project.
      consumerProject(),
    ],
  },
});
