import { defineConfig } from "vitest/config";

// The tests start the twin's process and the bench's children beside the rest of `pnpm test` on
// two cores: a second on a quiet machine takes several there (300 GETs of the twin's process once
// went past vitest's 5 s). The limit only stops a hang.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 30_000 } });
