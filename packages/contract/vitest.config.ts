import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // examples/ holds the README's snippet: it runs as a consumer's suite would.
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    // The first validation of each API reads its description and compiles schemas: under a second
    // when the machine is idle, several when it is busy.
    testTimeout: 30_000,
  },
});
