import { consumerProjects } from "@ci-artifacts/test-support/vitest";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: consumerProjects({
    // The first validation of each API reads its description and compiles schemas: under a second
    // when the machine is idle, several when it is busy.
    testTimeout: 30_000,
    // examples/ holds the README's snippet: it runs here against the build, as a consumer's suite would.
    include: ["examples/**/*.test.ts"],
  }),
});
