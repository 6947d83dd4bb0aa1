import { fileURLToPath } from "node:url";
import { Contract, type ContractOptions } from "../../dist/engine/index.js";

export const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

const cache = new Map<string, Contract>();

/** One Contract per fixture and options, as a real run compiles each schema once per document. */
export function load(name: string, options: ContractOptions = {}): Contract {
  const key = `${name}\0${JSON.stringify(options)}`;
  let contract = cache.get(key);
  if (!contract) {
    contract = Contract.load(fixture(name), { displayName: `fixtures/${name}`, ...options });
    cache.set(key, contract);
  }
  return contract;
}
