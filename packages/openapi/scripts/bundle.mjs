// Bundles each API into dist/: <api>.yaml and <api>.json keep references to
// components, <api>.dereferenced.json inlines them for tools with weak $ref
// support. Redocly's output is deterministic, so two builds are byte-identical.
//
// The files are written to a scratch folder first and then renamed into dist/
// one by one: a rename replaces a file atomically, so a test or tool reading
// dist/ while another task rebuilds it never sees a missing or half-written
// bundle.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { apis, outDir, redocly } from "./redocly.mjs";

mkdirSync(path.dirname(outDir), { recursive: true });
const scratch = mkdtempSync(`${outDir}.partial-`);
// redocly() exits the process when Redocly fails; the scratch folder goes too.
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
try {
  for (const api of apis) {
    redocly(["bundle", api, "--output", path.join(scratch, `${api}.yaml`)]);
    redocly(["bundle", api, "--ext", "json", "--output", path.join(scratch, `${api}.json`)]);
    redocly([
      "bundle",
      api,
      "--dereferenced",
      "--ext",
      "json",
      "--output",
      path.join(scratch, `${api}.dereferenced.json`),
    ]);
  }
  const built = readdirSync(scratch);
  mkdirSync(outDir, { recursive: true });
  for (const file of built) renameSync(path.join(scratch, file), path.join(outDir, file));
  for (const file of readdirSync(outDir)) {
    if (!built.includes(file)) rmSync(path.join(outDir, file), { recursive: true, force: true });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
