import { describe, expect, it } from "vitest";
import { renderedCopy } from "../../lib/build/reference.mjs";

const ts = [{ lang: "TypeScript", label: "TypeScript", source: "// op\n" }];
const given = {
  openapi: "3.1.0",
  info: {
    title: "t",
    version: "1",
    description: "Cited in\n`spec/DISCREPANCIES.md`, entry\n`K03`.\n\nNext paragraph.",
  },
  servers: [{ url: "https://api.example.com", description: "HTTPS only\n(`K03`)." }],
  paths: {
    "/a": {
      get: {
        operationId: "op",
        description: "Follow the\n`Link` header.",
        "x-codeSamples": ts,
        responses: { "200": { description: "ok", content: { "application/json": { example: { note: "a\nb" } } } } },
      },
    },
  },
};

describe("renderedCopy", () => {
  const copy = renderedCopy(structuredClone(given), { entries: new Set(["K03"]), registerHref: "../r.html" });

  it.each([
    {
      name: "joins the lines of every description and links the register",
      given: copy.info.description,
      want: "Cited in [`spec/DISCREPANCIES.md`](../r.html), entry [`K03`](../r.html#K03).\n\nNext paragraph.",
    },
    { name: "makes a server's description plain text", given: copy.servers[0].description, want: "HTTPS only (K03)." },
    {
      name: "joins an operation's description",
      given: copy.paths["/a"].get.description,
      want: "Follow the `Link` header.",
    },
    {
      name: "leaves payloads as they are",
      given: copy.paths["/a"].get.responses["200"].content["application/json"].example,
      want: { note: "a\nb" },
    },
  ])("$name", ({ given, want }) => {
    expect(given).toEqual(want);
  });

  it("puts curl before the description's own samples", () => {
    expect(copy.paths["/a"].get["x-codeSamples"].map((s: { label: string }) => s.label)).toEqual([
      "curl",
      "TypeScript",
    ]);
  });

  it("fails on a citation of an entry the register lacks, naming where", () => {
    expect(() => renderedCopy(structuredClone(given), { entries: new Set(), registerHref: "r.html" })).toThrow(
      "#/info/description: cites discrepancy K03",
    );
  });
});
