import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // examples/ holds the README's snippet: it runs as a consumer's suite would.
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
  },
});
