// Bundles each API into dist/: <api>.yaml and <api>.json keep references to
// components, <api>.dereferenced.json inlines them for tools with weak $ref
// support. Redocly's output is deterministic, so two builds are byte-identical.
import { rmSync } from "node:fs";
import path from "node:path";
import { apis, outDir, redocly } from "./redocly.mjs";

rmSync(outDir, { recursive: true, force: true });

for (const api of apis) {
  redocly(["bundle", api, "--output", path.join(outDir, `${api}.yaml`)]);
  redocly(["bundle", api, "--ext", "json", "--output", path.join(outDir, `${api}.json`)]);
  redocly(["bundle", api, "--dereferenced", "--ext", "json", "--output", path.join(outDir, `${api}.dereferenced.json`)]);
}
