// Fills README.md's code blocks from the files they show: after each `<!-- sample: <path> -->`
// marker (a path from the repository root), the ```ts block is that file, verbatim. The
// operation samples live beside the description (spec/<api>/code_samples/TypeScript/), where the
// docs site reads them too; examples/ holds the rest. With --check, fails when a block differs.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(packageDir, "../..");
const readmePath = path.join(packageDir, "README.md");
const MARKER = /(<!-- sample: (\S+) -->\n```ts\n)([\s\S]*?)(```\n)/g;

export function fillReadme(readme, read = (file) => readFileSync(path.join(repoRoot, file), "utf8")) {
  return readme.replace(MARKER, (_, open, file, _old, close) => `${open}${read(file)}${close}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = readFileSync(readmePath, "utf8");
  const fresh = fillReadme(readme);
  if (process.argv.includes("--check")) {
    if (fresh !== readme) {
      console.error("packages/client/README.md: a sample block differs from its file: run `pnpm run readme`");
      process.exit(1);
    }
  } else {
    writeFileSync(readmePath, fresh);
  }
}
