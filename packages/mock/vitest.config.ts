import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each file starts its own Prism processes: about two seconds each on an idle two-core machine,
    // far longer when the machine is busy.
    hookTimeout: 180_000,
    testTimeout: 180_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/consumer/**"] } },
      {
        // Packs the package and installs it, Prism included, with npm in a temporary project: slow, so its own step.
        extends: true,
        test: { name: "consumer", include: ["test/consumer/**/*.test.ts"], hookTimeout: 300_000 },
      },
    ],
  },
});
