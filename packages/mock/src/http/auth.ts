/**
 * The operation's security requirements, as the description states them: HTTP bearer schemes
 * with scopes. A token the twin does not know is refused (401); a known one without the scope the
 * requirement names is forbidden (403). The token itself is never repeated in an answer.
 * @see https://spec.openapis.org/oas/v3.1.1.html#security-requirement-object
 */
import { getAt, isObject, type Operation } from "@ci-artifacts/spec";
import type { ApiDocument } from "../document/load.js";

/** Each token the twin accepts, with its scopes (`*`: all of them). */
export type Tokens = ReadonlyMap<string, ReadonlySet<string> | "*">;

export type AuthOutcome = { ok: true; token: string | undefined } | { ok: false; status: 401 | 403; reason: string };

export type AuthCheck = (authorization: string | undefined) => AuthOutcome;

type Requirement = { scheme: "bearer" | "other"; scopes: string[] }[];

export function compileAuth(doc: ApiDocument, operation: Operation, tokens: Tokens): AuthCheck {
  const raw = operation.value.security ?? doc.document.security ?? [];
  const requirements: Requirement[] = Array.isArray(raw)
    ? raw.filter(isObject).map((requirement) =>
        Object.entries(requirement).map(([name, scopes]) => {
          const scheme = getAt(doc.document, ["components", "securitySchemes", name]);
          const bearer = isObject(scheme) && scheme.type === "http" && String(scheme.scheme).toLowerCase() === "bearer";
          return {
            scheme: bearer ? ("bearer" as const) : ("other" as const),
            scopes: Array.isArray(scopes) ? scopes.map(String) : [],
          };
        }),
      )
    : [];
  if (requirements.length === 0 || requirements.some((r) => r.length === 0))
    return () => ({ ok: true, token: undefined });

  // The same few Authorization headers come again and again: each is read once.
  const seen = new Map<string, AuthOutcome>();
  const check: AuthCheck = (authorization) => {
    if (authorization === undefined || authorization.trim() === "")
      return { ok: false, status: 401, reason: "no Authorization header" };
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!match) return { ok: false, status: 401, reason: "the Authorization header is not `Bearer <token>`" };
    const token = match[1] as string;
    const granted = tokens.get(token);
    if (granted === undefined) return { ok: false, status: 401, reason: "the token is not one this twin accepts" };
    let missing: string | undefined;
    for (const requirement of requirements) {
      if (requirement.some((part) => part.scheme !== "bearer")) continue;
      const lacking = requirement
        .flatMap((part) => part.scopes)
        .find((scope) => granted !== "*" && !granted.has(scope));
      if (lacking === undefined) return { ok: true, token };
      missing ??= lacking;
    }
    return missing === undefined
      ? { ok: false, status: 401, reason: "no security scheme of this operation is one the twin checks" }
      : { ok: false, status: 403, reason: `the token lacks the ${missing} scope` };
  };
  return (authorization) => {
    if (authorization === undefined) return check(authorization);
    let outcome = seen.get(authorization);
    if (!outcome) {
      outcome = check(authorization);
      if (seen.size >= 64) seen.clear();
      seen.set(authorization, outcome);
    }
    return outcome;
  };
}
