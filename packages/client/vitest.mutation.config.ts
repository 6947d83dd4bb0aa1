import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The tests of the retry policy, the credential policy and pacing, for StrykerJS
// (stryker.config.mjs). They import the package by name, which resolves to the build (`dist/`);
// here every entry resolves to its source, which StrykerJS mutates one mutant at a time.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@ci-artifacts\/client$/,
        replacement: fileURLToPath(new URL("src/index.ts", import.meta.url)),
      },
      {
        find: /^@ci-artifacts\/client\/(buddy|buildkite|retry|events|paginate|download|node)$/,
        replacement: fileURLToPath(new URL("src/$1.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: [
      "test/retry-policy.test.ts",
      "test/retry.test.ts",
      "test/retry-timeouts.test.ts",
      "test/policy.test.ts",
      "test/pacing.test.ts",
    ],
    testTimeout: 60_000,
  },
});
