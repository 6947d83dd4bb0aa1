import { browserProject } from "@ci-artifacts/test-support/vitest";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      // Reads dist/ as a static host would serve it.
      { test: { name: "site", include: ["test/site/**/*.test.ts"] } },
      // One Chromium for the whole run; the pages are 2.5 MB each with the Redoc scripts inlined.
      browserProject(),
    ],
  },
});
