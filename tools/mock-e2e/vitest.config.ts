import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // beforeAll starts Prism twice (about two seconds each on two cores).
    hookTimeout: 60_000,
  },
});
