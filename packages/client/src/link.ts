/**
 * The `rel="next"` target of a `Link` header (RFC 8288, section 3), or undefined when there is none.
 * Throws a SyntaxError for a header that is not a list of `<uri>; params`: guessing at a broken
 * header could skip pages silently. Hand-written because the runtime depends on openapi-fetch only.
 * https://www.rfc-editor.org/rfc/rfc8288#section-3
 */
export function nextLink(header: string | null): string | undefined {
  if (header === null) return undefined;
  let next: string | undefined;
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && (header[i] === " " || header[i] === "\t")) i++;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`malformed Link header at character ${i}: ${what}`);
  };

  for (;;) {
    skipSpace();
    while (i < n && header[i] === ",") {
      i++;
      skipSpace();
    }
    if (i >= n) break;
    if (header[i] !== "<") fail("expected '<'");
    const close = header.indexOf(">", i + 1);
    if (close === -1) fail("no closing '>'");
    const target = header.slice(i + 1, close).trim();
    i = close + 1;
    const rels: string[] = [];
    for (;;) {
      skipSpace();
      if (i >= n || header[i] === ",") break;
      if (header[i] !== ";") fail("expected ';' or ','");
      i++;
      skipSpace();
      const nameStart = i;
      while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(header[i] as string)) i++;
      const name = header.slice(nameStart, i).toLowerCase();
      if (!name) fail("expected a parameter name");
      skipSpace();
      let value = "";
      if (header[i] === "=") {
        i++;
        skipSpace();
        if (header[i] === '"') {
          i++;
          while (i < n && header[i] !== '"') {
            if (header[i] === "\\") i++;
            value += header[i] ?? "";
            i++;
          }
          if (i >= n) fail("unterminated quoted string");
          i++;
        } else {
          const valueStart = i;
          while (i < n && header[i] !== ";" && header[i] !== ",") i++;
          value = header.slice(valueStart, i).trim();
        }
      }
      // Only the first occurrence of rel counts (RFC 8288, section 3.3).
      if (name === "rel" && rels.length === 0) rels.push(...value.toLowerCase().split(/\s+/).filter(Boolean));
    }
    if (rels.includes("next") && next === undefined) {
      if (!target) fail("empty target");
      next = target;
    }
  }
  return next;
}
