import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Api } from "@ci-artifacts/contract";
import { operations, resolve } from "@ci-artifacts/spec";

const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;

export function bundle(api: Api): Json {
  return JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8")) as Json;
}

/** A node with local `$ref`s followed. */
const follow = (document: Json, node: unknown) => resolve(document, node, "#").value as Json;

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
  for (const operation of operations(document)) {
    const operationId = operation.operationId as string;
    const holders: [string, Json | undefined][] = [
      ["request", operation.requestBody?.value],
      ...operation.responses.map((response): [string, Json] => [response.status, response.value]),
    ];
    for (const [kind, holder] of holders) {
      const content = holder?.content as Record<string, Json> | undefined;
      const examples = content?.["application/json"]?.examples as Record<string, unknown> | undefined;
      for (const [name, example] of Object.entries(examples ?? {})) {
        out.push({ api, operationId, kind, name, value: follow(document, example).value });
      }
    }
  }
  return out;
}
