// Lints each API with Spectral (spectral:oas and the OWASP API security rules).
// Spectral runs on a Redocly bundle rather than on spec/: it wrongly rejects
// path items that are `$ref`s to other files in OpenAPI 3.1
// (stoplightio/spectral#2655). Redocly lint checks the source files first.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { apis, packageDir, redocly, repoRoot } from "./redocly.mjs";

const work = mkdtempSync(path.join(tmpdir(), "ci-artifacts-spectral-"));
let failed = false;
try {
  for (const api of apis) {
    const bundle = path.join(work, `${api}.yaml`);
    redocly(["bundle", api, "--output", bundle], { quiet: true });
    const result = spawnSync(
      path.join(packageDir, "node_modules", ".bin", "spectral"),
      ["lint", "--ruleset", path.join(repoRoot, ".spectral.yaml"), "--fail-severity", "hint", bundle],
      { stdio: "inherit" },
    );
    console.log(`spectral: ${api} ${result.status === 0 ? "passed" : "FAILED"}`);
    failed ||= result.status !== 0;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
