/**
 * The secrets of a run (tokens, a password read from a body file) and the one place that takes
 * them out of text. Everything the command writes passes through `redact`, so a token that a
 * server, a library or an error echoes never reaches the terminal or a log.
 */
export const REDACTED = "[redacted]";

export class Secrets {
  readonly #values: string[] = [];

  /** Remembers a secret, as written and percent-encoded; values under 4 characters would hide ordinary text. */
  add(value: string | undefined): void {
    if (value === undefined || value.length < 4) return;
    for (const form of new Set([value, encodeURIComponent(value)])) {
      if (!this.#values.includes(form)) this.#values.push(form);
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.#values.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const value of this.#values) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
      const lower = value.toLowerCase();
      // Percent-encoding may come back in either case (%2f or %2F).
      if (lower !== value && out.toLowerCase().includes(lower)) out = replaceIgnoringCase(out, value);
    }
    return out;
  }
}

function replaceIgnoringCase(text: string, value: string): string {
  const lower = text.toLowerCase();
  const needle = value.toLowerCase();
  let out = "";
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    out += text.slice(from, at) + REDACTED;
    from = at + needle.length;
  }
  return out + text.slice(from);
}
