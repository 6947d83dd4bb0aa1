// Authentication, `Authorization: Bearer <token>` (both vendors' API docs, "Authentication"),
// and keeping every token sent out of what the client writes (messages, paths, error bodies).
import type { TokenSource } from "./options.js";

export interface Auth {
  /** The Authorization value: a string for a fixed token, a promise from a token function. */
  header(): string | Promise<string> | undefined;
  /** `text` with every token sent so far replaced by `[redacted]`, percent-encoded and re-cased forms too. */
  redact(text: string): string;
}

export function createAuth(source: TokenSource | undefined, anonymous: boolean | undefined, who: string): Auth {
  if (source === undefined && !anonymous) {
    throw new TypeError(`${who}: no token; pass one, or anonymous: true to send requests without it`);
  }
  let patterns: RegExp[] = [];
  const bearer = (token: unknown) => {
    // Header values may not hold CR, LF or NUL (RFC 9110, section 5.5); fetch would quote the value.
    if (typeof token !== "string" || !/^[^\0\r\n]+$/.test(token)) {
      throw new TypeError("the token option gave no token, or one that no HTTP header may carry");
    }
    const forms = [token, encodeURIComponent(token)].map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(forms.join("|"), "gi");
    // Replacing a very short token everywhere would garble messages more than it protects.
    if (token.length > 7 && !patterns.some((known) => known.source === pattern.source)) {
      patterns = [pattern, ...patterns.slice(0, 3)];
    }
    return `Bearer ${token}`;
  };
  const fixed = source === undefined || typeof source === "function" ? undefined : bearer(source);
  return {
    // A function is asked before every attempt, so an 8-hour OAuth token is refreshed in time.
    header: () => (typeof source === "function" ? Promise.resolve(source()).then(bearer) : fixed),
    redact: (text) => patterns.reduce((out, pattern) => out.replace(pattern, "[redacted]"), text),
  };
}
