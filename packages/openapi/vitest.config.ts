import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The broken-input cases spawn the Redocly CLI several times.
    testTimeout: 60_000,
  },
});
