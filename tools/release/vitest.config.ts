import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each case spawns the Redocly CLI, pnpm or npm; none asserts on time.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/packed.test.ts"] } },
      { extends: true, test: { name: "packed", include: ["test/packed.test.ts"] } },
    ],
  },
});
