/** Our own bundles, read through the @ci-artifacts/openapi package, with failures mapped to spec/. */
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Contract, multiFileSourceResolver } from "../dist/index.js";

const require = createRequire(import.meta.url);

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

const exported = Object.keys(
  (require("@ci-artifacts/openapi/package.json") as { exports: Record<string, unknown> }).exports,
);

/** The APIs the openapi package exports a bundle for (`./<api>.json` beside `./<api>.yaml`), so no list here can drift from it. */
export const apis: string[] = exported
  .map((key) => /^\.\/([a-z0-9-]+)\.json$/.exec(key)?.[1])
  .filter((api): api is string => api !== undefined && exported.includes(`./${api}.yaml`));

const contracts = new Map<string, Contract>();

export function bundle(api: string): Contract {
  let contract = contracts.get(api);
  if (!contract) {
    const path = require.resolve(`@ci-artifacts/openapi/${api}.json`);
    contract = Contract.load(path, {
      displayName: relative(repoRoot, path),
      // The bundler keeps component names, so a pointer in the bundle leads back to spec/<api>/.
      sourceResolver: multiFileSourceResolver(join(repoRoot, "spec", api, "openapi.yaml"), { displayBase: repoRoot }),
    });
    contracts.set(api, contract);
  }
  return contract;
}
