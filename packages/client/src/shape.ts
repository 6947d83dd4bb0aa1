// Error shaping: every error answer reaches the caller with a body in the vendor's error shape
// (Buildkite `{ message }`, Buddy `{ errors: [{ message }] }`), even when the server sent none,
// an HTML page or other JSON, with any token a hostile server echoed redacted.
/** How a vendor shapes its error bodies. */
export interface Vendor<E = unknown> {
  name: "buddy" | "buildkite";
  /** The body (an object, an array or null) as the vendor's error shape, or undefined when it is not one. */
  accept(parsed: object | null): E | undefined;
  synthesize(message: string): E;
  message(body: E): string;
}

/** `error` as openapi-fetch read it (parsed JSON, else the text, undefined when empty), in the vendor's shape. */
export function shapeError<E>(
  vendor: Vendor<E>,
  response: Response,
  error: unknown,
  redact: (text: string) => string,
): E {
  // Tokens are letters, digits and `-_.~+/=`, which JSON leaves as they are: redacting the text redacts every string.
  const accepted =
    typeof error === "object" ? vendor.accept(JSON.parse(redact(JSON.stringify(error))) as object | null) : undefined;
  if (accepted !== undefined) return accepted;
  const why = !error
    ? "the body was empty"
    : typeof error === "string"
      ? `the body was not JSON (${response.headers.get("content-type") ?? "no content type"})`
      : "the body was not in the vendor's error shape";
  return vendor.synthesize(`HTTP ${response.status}${response.statusText && ` ${response.statusText}`}: ${why}`);
}
