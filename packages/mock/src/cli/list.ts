/** `--list`: each operation of the description, and the names of the examples `Prefer: example=` picks. */
import type { TwinApi } from "../apis.js";
import { bodyExamples } from "../document/examples.js";
import { loadDocument } from "../document/load.js";

export function listOperations(api: TwinApi): string {
  const doc = loadDocument(api);
  const info = doc.document.info as { title?: string; version?: string } | undefined;
  const lines = [`${api}: ${info?.title ?? api} ${info?.version ?? ""}`.trimEnd()];
  for (const operation of doc.operations) {
    const id = operation.operationId ?? operation.name;
    const summary = typeof operation.value.summary === "string" ? `  ${operation.value.summary}` : "";
    lines.push("", `  ${operation.method.toUpperCase().padEnd(6)} ${operation.path}`, `         ${id}${summary}`);
    const byKind = new Map<string, string[]>();
    for (const example of bodyExamples(doc, id)) {
      const names = byKind.get(example.kind) ?? [];
      names.push(example.label);
      byKind.set(example.kind, names);
    }
    for (const [kind, names] of byKind) lines.push(`         ${kind.padEnd(8)} ${names.join(", ")}`);
  }
  return lines.join("\n");
}
