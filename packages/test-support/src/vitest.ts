/**
 * The vitest projects of a package whose tests include a consumer's: the slow project that packs
 * workspace packages and installs them with npm in a scratch project (`test/consumer/`), apart
 * from the unit tests so that each runs as its own step (`vitest run --project unit|consumer`);
 * and the browser project, the tests that drive Chromium. Only vitest's types are imported: vitest itself is the package's own.
 */
import type { TestProjectInlineConfiguration, ViteUserConfig } from "vitest/config";

/** Where a package's consumer tests are. */
const CONSUMER_TESTS = "test/consumer/**/*.test.ts";

/** A browser test's time, hooks included: starting Chromium and loading pages on a loaded machine take a while. */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;

/** The browser project: the tests in `test/browser/`, each driving Chromium (`@ci-artifacts/test-support/chromium`). */
export function browserProject(): TestProjectInlineConfiguration {
  return {
    test: {
      name: "browser",
      include: ["test/browser/**/*.test.ts"],
      testTimeout: BROWSER_TEST_TIMEOUT_MS,
      hookTimeout: BROWSER_TEST_TIMEOUT_MS,
    },
  };
}

/** The consumer project: packing and an npm install take minutes on a busy machine; nothing asserts on time. */
export function consumerProject(): TestProjectInlineConfiguration {
  return { test: { name: "consumer", include: [CONSUMER_TESTS], testTimeout: 300_000, hookTimeout: 300_000 } };
}

export interface ConsumerProjectsOptions {
  /** The unit tests' timeout; vitest's default where not given. */
  testTimeout?: number;
  /** The unit tests' hook timeout; vitest's default where not given. */
  hookTimeout?: number;
  /** Test files of the unit project besides `test/**\/*.test.ts`. */
  include?: readonly string[];
}

/**
 * A config's `test`: a `unit` project (`test/**\/*.test.ts` and `include`, with the timeouts
 * given) and the {@link consumerProject}.
 */
export function consumerProjects(options: ConsumerProjectsOptions = {}): NonNullable<ViteUserConfig["test"]> {
  const { include = [], ...timeouts } = options;
  return {
    ...timeouts,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts", ...include], exclude: ["test/consumer/**"] },
      },
      { extends: true, ...consumerProject() },
    ],
  };
}
