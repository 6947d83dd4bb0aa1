import { createHash } from "node:crypto";
import { validateResponse } from "@ci-artifacts/contract";
import type { Twin } from "../src/index.js";

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** One request to the twin with its token (unless `token` says otherwise), the body parsed when JSON. */
export async function call(
  twin: Twin,
  path: string,
  init: RequestInit & { token?: string | null; json?: unknown } = {},
): Promise<Answer> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? twin.token : init.token;
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const url = /^https?:/.test(path) ? path : `${twin.url}${path}`;
  const response = await fetch(url, { ...init, headers, body, redirect: "manual" });
  const text = await response.text();
  let parsed: unknown = text;
  if (/json/.test(response.headers.get("content-type") ?? "")) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : parsed, text };
}

export const sha1 = (bytes: Uint8Array) => createHash("sha1").update(bytes).digest("hex");

/** The contract kit's errors for an answer (empty when it keeps to the contract). */
export function contractErrors(api: "buddy" | "buildkite", operationId: string, answer: Answer): string[] {
  return validateResponse(api as never, operationId as never, answer.status, answer.body).errors.map(
    (e) => `${e.pointer} ${e.message}`,
  );
}
