import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The engine's tests, for StrykerJS (stryker.config.mjs). They import the build (`dist/`); here
// they read the sources, which StrykerJS mutates one mutant at a time.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^(\.\.\/)+dist\/engine\/index\.js$/,
        replacement: fileURLToPath(new URL("src/engine/index.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: ["test/engine/engine.test.ts", "test/engine/examples.test.ts"],
    testTimeout: 60_000,
  },
});
