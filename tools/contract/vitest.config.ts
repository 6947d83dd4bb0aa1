import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // `pnpm test` runs every package's tests at once on a 2-core machine; a case that compiles a
    // whole description or starts the bin can then take well over vitest's default 5 s.
    testTimeout: 60_000,
  },
});
