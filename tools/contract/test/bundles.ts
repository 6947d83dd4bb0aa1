/**
 * The bundles of the registered APIs, with failures mapped back to their sources under spec/.
 *
 * By default this repository's registry (redocly.yaml) and @ci-artifacts/openapi's dist/. Two
 * variables point the suite at another checkout of the same layout, as the registry test does
 * with a scratch copy holding a third API: CONTRACT_SUITE_ROOT (its root) and
 * CONTRACT_SUITE_BUNDLES (the folder its bundles were written to).
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Contract, multiFileSourceResolver } from "@ci-artifacts/contract/engine";
import { type ApiEntry, readRegistry } from "@ci-artifacts/spec/registry";

export const repoRoot = process.env.CONTRACT_SUITE_ROOT ?? fileURLToPath(new URL("../../../", import.meta.url));
const bundles =
  process.env.CONTRACT_SUITE_BUNDLES ?? fileURLToPath(new URL("../../../packages/openapi/dist/", import.meta.url));

/** The registered APIs (redocly.yaml's `apis:`): each one's bundle is checked, whatever their number. */
const registry = readRegistry(repoRoot);
export const apis: string[] = registry.map((api) => api.name);

/** The entry point of an API's multi-file sources. */
export function sourceOf(api: string): string {
  const entry: ApiEntry | undefined = registry.find((e) => e.name === api);
  if (!entry) throw new Error(`${api} is not registered in ${join(repoRoot, "redocly.yaml")}`);
  return entry.root;
}

const contracts = new Map<string, Contract>();

export function bundle(api: string): Contract {
  let contract = contracts.get(api);
  if (!contract) {
    const path = join(bundles, `${api}.json`);
    contract = Contract.load(path, {
      displayName: relative(repoRoot, path),
      // This repository's own examples, fakes and recorded bodies also fail on a property the
      // description does not declare: a typo in them is caught, not admitted as OpenAPI would.
      strict: true,
      // The bundler keeps component names, so a pointer in the bundle leads back to the sources.
      sourceResolver: multiFileSourceResolver(sourceOf(api), { displayBase: repoRoot }),
    });
    contracts.set(api, contract);
  }
  return contract;
}
