import { describe, expect, it } from "vitest";
import { linkRegister, registerEntries } from "../../lib/build/register.mjs";

const entries = new Set(["B01", "K05"]);
const href = "../discrepancies.html";

describe("registerEntries", () => {
  it("finds the ids of the entry headings only", () => {
    const given =
      "# Discrepancy register\n\nSee `B09` below.\n\n## Buddy.works\n\n### B01 The ID\n\ntext\n\n### K05 The token\n";
    expect([...registerEntries(given)]).toEqual(["B01", "K05"]);
  });
});

describe("linkRegister", () => {
  it.each([
    {
      name: "an entry citation",
      given: "A string (`B01`).",
      want: "A string ([`B01`](../discrepancies.html#B01)).",
    },
    {
      name: "the register's file name",
      given: "recorded in the register (`spec/DISCREPANCIES.md`, entries `K05` and onwards)",
      want: "recorded in the register ([`spec/DISCREPANCIES.md`](../discrepancies.html), entries [`K05`](../discrepancies.html#K05) and onwards)",
    },
    {
      name: "a citation that is already a link",
      given: "see [`B01`](elsewhere)",
      want: "see [`B01`](elsewhere)",
    },
    {
      name: "other inline code",
      given: "`ARTIFACT_READ` and `B1` and `B001`",
      want: "`ARTIFACT_READ` and `B1` and `B001`",
    },
  ])("links $name", ({ given, want }) => {
    expect(linkRegister({ info: { description: given } }, entries, href)).toEqual({ info: { description: want } });
  });

  it("rewrites descriptions at any depth and leaves payloads and server descriptions alone", () => {
    const given = {
      servers: [{ url: "https://x", description: "HTTPS only (`K05`)" }],
      paths: { "/a": { get: { description: "(`B01`)", parameters: [{ name: "x", description: "(`K05`)" }] } } },
      components: {
        schemas: {
          S: {
            properties: {
              description: { type: "string", description: "(`B01`)" },
              example: { description: "(`K05`)" },
            },
            example: { description: "(`B01`)" },
            examples: [{ description: "(`B01`)" }],
          },
        },
        examples: { E: { description: "(`K05`)", value: { description: "(`B01`)" } } },
      },
    };
    const result = linkRegister(given, entries, href);
    expect(result.paths["/a"].get.description).toBe("([`B01`](../discrepancies.html#B01))");
    expect(result.paths["/a"].get.parameters[0].description).toBe("([`K05`](../discrepancies.html#K05))");
    expect(result.components.schemas.S.properties.description.description).toBe("([`B01`](../discrepancies.html#B01))");
    expect(result.components.schemas.S.properties.example.description).toBe("([`K05`](../discrepancies.html#K05))");
    expect(result.components.schemas.S.example).toEqual({ description: "(`B01`)" });
    expect(result.components.schemas.S.examples).toEqual([{ description: "(`B01`)" }]);
    expect(result.components.examples.E.description).toBe("([`K05`](../discrepancies.html#K05))");
    expect(result.components.examples.E.value).toEqual({ description: "(`B01`)" });
    expect(result.servers).toEqual(given.servers);
    expect(given.paths["/a"].get.description).toBe("(`B01`)");
  });

  it("fails on a citation of an entry the register lacks, naming where", () => {
    const given = { components: { schemas: { "A/B": { description: "see `B99`" } } } };
    expect(() => linkRegister(given, entries, href)).toThrow(
      "#/components/schemas/A~1B/description: cites discrepancy B99, which spec/DISCREPANCIES.md does not define",
    );
  });
});
