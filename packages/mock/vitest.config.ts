import { consumerProjects } from "@ci-artifacts/test-support/vitest";
import { defineConfig } from "vitest/config";

// The consumer project packs the twin and what it needs, and installs them with npm in a scratch
// project. Nothing asserts on time; a loaded 2-core machine needs more than vitest's 5 s default.
export default defineConfig({ test: consumerProjects({ testTimeout: 60_000, hookTimeout: 60_000 }) });
