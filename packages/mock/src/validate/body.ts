/**
 * The request body: JSON, present when the description requires it, and valid against its schema
 * in the request direction, so a property the server sets (readOnly) is refused as the contract
 * kit refuses it.
 */
import type { Operation } from "@ci-artifacts/spec";
import type { ApiDocument } from "../document/load.js";
import type { Violation } from "./types.js";

export type BodyOutcome =
  | { ok: true; body: unknown }
  /** `status` when the body cannot be read at all (400 not JSON, 415 not a JSON media type); else the schema's violations. */
  | { ok: false; status?: 400 | 415; violations: Violation[] };

export type BodyCheck = (contentType: string | undefined, text: string) => BodyOutcome;

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function compileBody(doc: ApiDocument, operation: Operation): BodyCheck {
  const declared = operation.requestBody;
  const operationId = operation.operationId ?? operation.name;
  let schema: string | null | undefined;
  const schemaPointer = () => {
    if (schema === undefined) {
      try {
        schema = doc.contract.bodySchema(operationId, "request");
      } catch {
        // A request body without content has nothing to validate.
        schema = null;
      }
    }
    return schema;
  };
  return (contentType, text) => {
    // Bodies on operations that declare none are ignored, as servers do.
    if (!declared) return { ok: true, body: undefined };
    if (text.length === 0) {
      if (!declared.required) return { ok: true, body: undefined };
      return { ok: false, violations: [{ in: "body", name: "", message: "is required: send a JSON body" }] };
    }
    if (contentType === undefined || !JSON_MEDIA.test(contentType)) {
      return {
        ok: false,
        status: 415,
        violations: [
          { in: "body", name: "", message: "must be sent as Content-Type: application/json", value: contentType },
        ],
      };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return {
        ok: false,
        status: 400,
        violations: [{ in: "body", name: "", message: `is not valid JSON (${(error as Error).message})` }],
      };
    }
    const pointer = schemaPointer();
    if (pointer === null) return { ok: true, body };
    const errors = doc.requests.validatePayload(pointer, body, "request");
    if (errors.length === 0) return { ok: true, body };
    return {
      ok: false,
      violations: errors.map((e) => ({ in: "body", name: e.instancePath, message: e.message, value: e.value })),
    };
  };
}
