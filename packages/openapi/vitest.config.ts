import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The broken-input cases spawn the Redocly CLI and Spectral several times: 20 s on an idle
    // machine, well over a minute while `pnpm test` runs every package on 2 cores. Nothing
    // asserts on time.
    testTimeout: 240_000,
  },
});
