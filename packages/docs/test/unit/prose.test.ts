import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { mapDescriptions } from "../../lib/build/descriptions.mjs";
import { joinSoftBreaks, plainText, renderedText } from "../../lib/build/prose.mjs";

const require = createRequire(import.meta.url);

describe("joinSoftBreaks", () => {
  it.each([
    {
      name: "a hard-wrapped paragraph becomes one line",
      given:
        "Returns one page. Follow the\n`Link` header's `next` page until it is absent.\nRequires the `read_artifacts` scope.\n",
      want: "Returns one page. Follow the `Link` header's `next` page until it is absent. Requires the `read_artifacts` scope.\n",
    },
    {
      name: "paragraph breaks stay",
      given: "First\nparagraph.\n\nSecond\nparagraph.\n",
      want: "First paragraph.\n\nSecond paragraph.\n",
    },
    {
      name: "list items keep their markers; their own lines join, nested lists stay nested",
      given: "- one\n  continued\n  - nested\n    more\n- two\n",
      want: "- one continued\n  - nested more\n- two\n",
    },
    {
      name: "an ordered list after a paragraph",
      given: "Steps:\n\n1. first\n   step\n2. second\n",
      want: "Steps:\n\n1. first step\n2. second\n",
    },
    { name: "blockquote lines join inside the quote", given: "> quoted\n> more\n", want: "> quoted more\n" },
    {
      name: "fenced code is left exactly as it is",
      given: "Run:\n\n```sh\ncurl \\\n  --url x\n```\n",
      want: "Run:\n\n```sh\ncurl \\\n  --url x\n```\n",
    },
    {
      name: "tables are left as they are",
      given: "| a | b |\n|---|---|\n| 1 | 2 |\n",
      want: "| a | b |\n|---|---|\n| 1 | 2 |\n",
    },
    { name: "a hard break (two spaces) stays", given: "line  \nnext\n", want: "line  \nnext\n" },
    { name: "a hard break (backslash) stays", given: "line\\\nnext\n", want: "line\\\nnext\n" },
    {
      name: "breaks inside emphasis, links and inline code join",
      given: "*an\nemphasis* and [a\nlink](https://example.com) and `co\nde`\n",
      want: "*an emphasis* and [a link](https://example.com) and `co de`\n",
    },
    { name: "trailing blanks before a soft break go", given: "a \nb\n", want: "a b\n" },
    { name: "text without line breaks is unchanged", given: "one line", want: "one line" },
  ])("$name", ({ given, want }) => {
    expect(joinSoftBreaks(given)).toBe(want);
    expect(renderedText(joinSoftBreaks(given))).toBe(renderedText(given));
  });

  // Every description the references render: the joined text reads the same, and no paragraph
  // keeps a line ending for the search index to swallow.
  it.each(
    ["buddy", "buildkite"].flatMap((api) => {
      const found: { name: string; given: string }[] = [];
      mapDescriptions(JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8")), {
        markdown: (text, at) => {
          found.push({ name: `${api} ${at}`, given: text });
          return text;
        },
      });
      return found;
    }),
  )("$name renders the same, joined", ({ given }) => {
    const joined = joinSoftBreaks(given);
    expect(renderedText(joined)).toBe(renderedText(given));
    for (const block of joined.trimEnd().split(/\n\n+/)) {
      if (/^(?:[-*+] |\d+\. |```|\|)/m.test(block)) continue;
      expect(block).not.toContain("\n");
    }
  });
});

describe("renderedText", () => {
  it("tells apart texts that read differently", () => {
    expect(renderedText("a\n\nb")).not.toBe(renderedText("a b"));
    expect(renderedText("- a\n- b")).not.toBe(renderedText("- a b"));
  });
});

describe("plainText", () => {
  it.each([
    { name: "inline code", given: "HTTPS only (`K03`).", want: "HTTPS only (K03)." },
    { name: "a link keeps its text", given: "see [the register](../discrepancies.html#K03)", want: "see the register" },
    { name: "emphasis and line breaks", given: "**bold**\nand *more*", want: "bold and more" },
    { name: "characters that HTML escapes", given: "a < b & `c > d`", want: "a < b & c > d" },
  ])("$name", ({ given, want }) => {
    expect(plainText(given)).toBe(want);
  });
});

describe("mapDescriptions", () => {
  const mark = (text: string) => `[${text}]`;
  const plain = (text: string) => `(${text})`;

  it("rewrites Markdown descriptions at any depth, server descriptions as plain text, and never payloads", () => {
    const given = {
      info: { description: "info" },
      servers: [{ url: "https://x", description: "server", variables: { host: { default: "h", description: "v" } } }],
      paths: {
        "/a": {
          servers: [{ url: "https://y", description: "path server" }],
          get: {
            description: "op",
            parameters: [{ name: "description", description: "param" }],
            responses: { "200": { description: "ok", links: { next: { server: { url: "z", description: "link" } } } } },
          },
        },
      },
      components: {
        schemas: {
          S: {
            properties: { description: { type: "string", description: "prop" }, example: { description: "prop2" } },
            example: { description: "payload" },
            default: { description: "payload" },
            examples: [{ description: "payload" }],
          },
        },
        examples: { E: { description: "example prose", value: { description: "payload" } } },
      },
    };
    const before = structuredClone(given);
    const result = mapDescriptions(given, { markdown: mark, plain });

    expect(given).toEqual(before);
    expect(result.info.description).toBe("[info]");
    expect(result.servers).toEqual([
      { url: "https://x", description: "(server)", variables: { host: { default: "h", description: "v" } } },
    ]);
    expect(result.paths["/a"].servers[0].description).toBe("(path server)");
    expect(result.paths["/a"].get.description).toBe("[op]");
    expect(result.paths["/a"].get.parameters[0]).toEqual({ name: "description", description: "[param]" });
    expect(result.paths["/a"].get.responses["200"].description).toBe("[ok]");
    expect(result.paths["/a"].get.responses["200"].links.next.server.description).toBe("(link)");
    expect(result.components.schemas.S.properties.description.description).toBe("[prop]");
    expect(result.components.schemas.S.properties.example.description).toBe("[prop2]");
    expect(result.components.schemas.S.example).toEqual({ description: "payload" });
    expect(result.components.schemas.S.default).toEqual({ description: "payload" });
    expect(result.components.schemas.S.examples).toEqual([{ description: "payload" }]);
    expect(result.components.examples.E).toEqual({ description: "[example prose]", value: { description: "payload" } });
  });

  it("names each description by its JSON pointer", () => {
    const seen: string[] = [];
    mapDescriptions(
      { paths: { "/a/{b}": { get: { description: "x" } } } },
      {
        markdown: (text, at) => {
          seen.push(at);
          return text;
        },
      },
    );
    expect(seen).toEqual(["#/paths/~1a~1{b}/get/description"]);
  });
});
