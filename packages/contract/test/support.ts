import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Api } from "@ci-artifacts/contract";

const require = createRequire(import.meta.url);
const METHODS = ["get", "put", "post", "delete", "patch"];

type Json = Record<string, unknown>;

export function bundle(api: Api): Json {
  return JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8")) as Json;
}

function follow(document: Json, node: unknown): Json {
  let current = node as Json;
  while (typeof current.$ref === "string") {
    current = (current.$ref as string)
      .slice(2)
      .split("/")
      .reduce<Json>((at, key) => at[key.replace(/~1/g, "/").replace(/~0/g, "~")] as Json, document);
  }
  return current;
}

export interface NamedExample {
  api: Api;
  operationId: string;
  /** "request", or the response key (`200`, `default`). */
  kind: string;
  name: string;
  value: unknown;
}

/** Every named example of the request bodies and responses of `api`'s operations. */
export function namedExamples(api: Api): NamedExample[] {
  const document = bundle(api);
  const out: NamedExample[] = [];
  for (const item of Object.values(document.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const operationId = operation.operationId as string;
      const holders: [string, Json | undefined][] = [
        ["request", operation.requestBody === undefined ? undefined : follow(document, operation.requestBody)],
        ...Object.entries(operation.responses as Json).map(([key, response]): [string, Json] => [
          key,
          follow(document, response),
        ]),
      ];
      for (const [kind, holder] of holders) {
        const content = holder?.content as Record<string, Json> | undefined;
        const examples = content?.["application/json"]?.examples as Record<string, unknown> | undefined;
        for (const [name, example] of Object.entries(examples ?? {})) {
          out.push({ api, operationId, kind, name, value: follow(document, example).value });
        }
      }
    }
  }
  return out;
}
