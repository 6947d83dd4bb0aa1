import { describe, expect, it } from "vitest";
import { createAuth } from "../src/auth.js";

describe("createAuth", () => {
  it.each([
    {
      name: "no token",
      given: { token: undefined, anonymous: undefined },
      want: /createX: no token; pass one, or anonymous: true/,
    },
    { name: "an empty token", given: { token: "", anonymous: undefined }, want: /the token option gave no token/ },
    {
      name: "a token with a line break",
      given: { token: "abc\r\nX-Injected: 1", anonymous: undefined },
      want: /no HTTP header may carry/,
    },
    {
      name: "a number from untyped code",
      given: { token: 42 as unknown as string, anonymous: undefined },
      want: /gave no token/,
    },
  ])("refuses $name, before any request and without quoting it", ({ given, want }) => {
    const thrown = (() => {
      try {
        createAuth(given.token, given.anonymous, "createX");
      } catch (error) {
        return error as Error;
      }
    })();
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown?.message).toMatch(want);
    expect(thrown?.message).not.toContain("Injected");
  });

  it.each([
    { name: "a fixed token, at once", given: "fixed-token-123", want: "Bearer fixed-token-123" },
    { name: "anonymous: no header", given: undefined, want: undefined },
  ])("header(): $name", ({ given, want }) => {
    expect(createAuth(given, given === undefined, "createX").header()).toBe(want);
  });

  it("asks a token function again for every header, and refuses what it gives wrong", async () => {
    const tokens = ["first-token-1", "second-token-2", ""];
    const auth = createAuth(() => tokens.shift() ?? "", undefined, "createX");
    expect(await auth.header()).toBe("Bearer first-token-1");
    expect(await auth.header()).toBe("Bearer second-token-2");
    await expect(auth.header()).rejects.toThrow(/gave no token/);
  });

  it.each([
    { name: "as it is", given: (token: string) => `token ${token} expired`, want: "token [redacted] expired" },
    { name: "percent-encoded", given: (token: string) => `/x/${encodeURIComponent(token)}`, want: "/x/[redacted]" },
    { name: "upper-cased, as a host name is", given: (token: string) => token.toUpperCase(), want: "[redacted]" },
    { name: "twice", given: (token: string) => `${token}:${token}`, want: "[redacted]:[redacted]" },
  ])("redacts a token sent $name", ({ given, want }) => {
    const token = "tok+en/with=chars-123";
    const auth = createAuth(token, undefined, "createX");
    expect(auth.redact(given(token))).toBe(want);
  });

  it("redacts every token a function gave, and leaves short ones alone", async () => {
    const tokens = ["refreshed-token-a", "refreshed-token-b", "short"];
    const auth = createAuth(() => tokens.shift() as string, undefined, "createX");
    for (let i = 0; i < 3; i++) await auth.header();
    expect(auth.redact("refreshed-token-a refreshed-token-b short")).toBe("[redacted] [redacted] short");
  });
});
