import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts its own Prism processes: about two seconds each on an idle two-core machine,
    // far longer when the machine is busy.
    hookTimeout: 180_000,
    testTimeout: 180_000,
  },
});
