/** One way a request breaks the description. */
export interface Violation {
  in: "path" | "query" | "header" | "body" | "authorization";
  /** The parameter's name, or the JSON pointer into the body (`""` for the body itself). */
  name: string;
  /** What was expected, as the engine words it: `must be <= 100`, `is required but missing`. */
  message: string;
  /** What was found (undefined when nothing was). */
  value?: unknown;
}

/** `query parameter per_page: must be <= 100 (found 500)`, `body /type: must be one of ... (found "FILES")`. */
export function describeViolation(violation: Violation): string {
  const where =
    violation.in === "body"
      ? `body ${violation.name === "" ? "(the body itself)" : violation.name}`
      : violation.in === "authorization"
        ? "Authorization"
        : `${violation.in} parameter ${violation.name}`;
  const found =
    violation.value === undefined
      ? ""
      : SECRET.test(violation.name)
        ? " (found [redacted])"
        : ` (found ${show(violation.value)})`;
  return `${where}: ${violation.message}${found}`;
}

/** A credential sent in a body is never echoed back, even when it is what was wrong. */
const SECRET = /(?:^|\/)[^/]*(?:password|secret|token)[^/]*$/i;

/** Whether the value at this pointer (or parameter) is a credential, not to be repeated in a message. */
export const isSecret = (pointer: string) => SECRET.test(pointer);

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
