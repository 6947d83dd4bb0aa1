import { describe, expect, it } from "vitest";
import { Contract, type Direction } from "../../dist/engine/index.js";
import { load } from "./helpers.js";

interface Row {
  name: string;
  /** `strict`: also report properties the schema does not declare (off by default, as in OpenAPI). */
  given: { fixture: string; schema: string; direction: Direction; value: unknown; strict?: boolean };
  /** [instance path, keyword] of every error, in order; empty when the value is valid. */
  want: [string, string][];
}

const FORBIDDEN = "x-contract-forbidden";

const rows: Row[] = [
  // discriminator-one-of.yaml: the discriminator picks the one branch to check.
  {
    name: "oneOf discriminator: a valid cat",
    given: { fixture: "discriminator-one-of.yaml", schema: "Pet", direction: "none", value: { kind: "cat", lives: 9 } },
    want: [],
  },
  {
    name: "oneOf discriminator: a valid dog",
    given: {
      fixture: "discriminator-one-of.yaml",
      schema: "Pet",
      direction: "none",
      value: { kind: "dog", bark: "loud" },
    },
    want: [],
  },
  {
    name: "oneOf discriminator: an unmapped value",
    given: { fixture: "discriminator-one-of.yaml", schema: "Pet", direction: "none", value: { kind: "fish" } },
    want: [["/kind", "enum"]],
  },
  {
    name: "oneOf discriminator: no discriminating property",
    given: { fixture: "discriminator-one-of.yaml", schema: "Pet", direction: "none", value: { lives: 1 } },
    want: [["/kind", "required"]],
  },
  {
    name: "oneOf discriminator: only the selected branch reports",
    given: {
      fixture: "discriminator-one-of.yaml",
      schema: "Pet",
      direction: "none",
      value: { kind: "dog", bark: "quiet" },
    },
    want: [["/bark", "enum"]],
  },
  {
    name: "oneOf discriminator: a property of the other branch is unknown",
    given: {
      fixture: "discriminator-one-of.yaml",
      schema: "Pet",
      direction: "none",
      value: { kind: "cat", lives: 3, bark: "loud" },
      strict: true,
    },
    want: [["/bark", "unevaluatedProperties"]],
  },
  {
    name: "oneOf discriminator: missing required of the selected branch",
    given: { fixture: "discriminator-one-of.yaml", schema: "Pet", direction: "none", value: { kind: "cat" } },
    want: [["/lives", "required"]],
  },
  {
    name: "oneOf discriminator: implicit mapping by component name",
    given: {
      fixture: "discriminator-one-of.yaml",
      schema: "Reptile",
      direction: "none",
      value: { kind: "Snake", venomous: true },
    },
    want: [],
  },
  {
    name: "oneOf discriminator: implicit mapping is case-sensitive",
    given: { fixture: "discriminator-one-of.yaml", schema: "Reptile", direction: "none", value: { kind: "snake" } },
    want: [["/kind", "enum"]],
  },
  {
    name: "oneOf discriminator: implicit mapping, wrong branch property",
    given: {
      fixture: "discriminator-one-of.yaml",
      schema: "Reptile",
      direction: "none",
      value: { kind: "Lizard", venomous: true },
      strict: true,
    },
    want: [["/venomous", "unevaluatedProperties"]],
  },

  // discriminator-one-of-3.0.yaml
  {
    name: "3.0 discriminator: a valid square",
    given: {
      fixture: "discriminator-one-of-3.0.yaml",
      schema: "Shape",
      direction: "none",
      value: { shape: "Square", side: 2, label: null },
    },
    want: [],
  },
  {
    name: "3.0 discriminator: only the selected branch reports",
    given: {
      fixture: "discriminator-one-of-3.0.yaml",
      schema: "Shape",
      direction: "none",
      value: { shape: "Circle", radius: 0 },
    },
    want: [["/radius", "minimum"]],
  },
  {
    name: "3.0 discriminator: a property of the other branch",
    given: {
      fixture: "discriminator-one-of-3.0.yaml",
      schema: "Shape",
      direction: "none",
      value: { shape: "Circle", radius: 1, side: 2 },
      strict: true,
    },
    want: [["/side", "unevaluatedProperties"]],
  },
  {
    name: "3.0 discriminator: an unmapped value",
    given: {
      fixture: "discriminator-one-of-3.0.yaml",
      schema: "Shape",
      direction: "none",
      value: { shape: "Triangle" },
    },
    want: [["/shape", "enum"]],
  },

  // discriminator-all-of.yaml: a base schema dispatches to the schemas that extend it.
  {
    name: "allOf discriminator: the base dispatches to a subtype",
    given: {
      fixture: "discriminator-all-of.yaml",
      schema: "Pet",
      direction: "none",
      value: { petType: "Cat", name: "Tom", meows: true },
    },
    want: [],
  },
  {
    name: "allOf discriminator: the subtype validates alone",
    given: {
      fixture: "discriminator-all-of.yaml",
      schema: "Cat",
      direction: "none",
      value: { petType: "Cat", name: "Tom", meows: true },
    },
    want: [],
  },
  {
    name: "allOf discriminator: a property of another subtype",
    given: {
      fixture: "discriminator-all-of.yaml",
      schema: "Pet",
      direction: "none",
      value: { petType: "Dog", name: "Rex", barks: true, meows: true },
      strict: true,
    },
    want: [["/meows", "unevaluatedProperties"]],
  },
  {
    name: "allOf discriminator: the subtype's required",
    given: {
      fixture: "discriminator-all-of.yaml",
      schema: "Pet",
      direction: "none",
      value: { petType: "Dog", name: "Rex" },
    },
    want: [["/barks", "required"]],
  },
  {
    name: "allOf discriminator: not a subtype",
    given: {
      fixture: "discriminator-all-of.yaml",
      schema: "Pet",
      direction: "none",
      value: { petType: "Fish", name: "Nemo" },
    },
    want: [["/petType", "enum"]],
  },

  {
    name: "union of its own subtypes: dispatches once, no endless recursion",
    given: {
      fixture: "discriminator-all-of.yaml",
      schema: "Vehicle",
      direction: "none",
      value: { kind: "Car", wheels: 4, doors: 5 },
    },
    want: [],
  },
  {
    name: "union of its own subtypes: the parent's properties are inherited",
    given: {
      fixture: "discriminator-all-of.yaml",
      schema: "Car",
      direction: "none",
      value: { kind: "Car", wheels: "four" },
    },
    want: [["/wheels", "type"]],
  },
  {
    name: "union of its own subtypes: a sibling subtype's property",
    given: {
      fixture: "discriminator-all-of.yaml",
      schema: "Vehicle",
      direction: "none",
      value: { kind: "Bike", wheels: 2, doors: 0 },
      strict: true,
    },
    want: [["/doors", "unevaluatedProperties"]],
  },

  // nullable-3.0.yaml (draft-04 + nullable).
  {
    name: "3.0 nullable: null where nullable, and where an enum lists null",
    given: {
      fixture: "nullable-3.0.yaml",
      schema: "Thing",
      direction: "none",
      value: { note: null, shade: null },
    },
    want: [],
  },
  {
    // OAS 3.0.3 clarification: nullable adds null to `type`; the enum keeps its meaning.
    name: "3.0 nullable: an enum without null admits no null",
    given: { fixture: "nullable-3.0.yaml", schema: "Thing", direction: "none", value: { color: null } },
    want: [["/color", "enum"]],
  },
  {
    // OAS 3.0.3 clarification: without a `type` beside it, nullable changes nothing; allOf's
    // member still requires an object.
    name: "3.0 nullable: beside allOf without a type, it admits no null",
    given: { fixture: "nullable-3.0.yaml", schema: "Thing", direction: "none", value: { owner: null } },
    want: [["/owner", "type"]],
  },
  {
    // ... and with a `type` beside it, null passes that type but not the allOf member's.
    name: "3.0 nullable: beside allOf with a type, the member still admits no null",
    given: { fixture: "nullable-3.0.yaml", schema: "Thing", direction: "none", value: { typedOwner: null } },
    want: [["/typedOwner", "type"]],
  },
  {
    name: "3.0 nullable: null where not nullable",
    given: { fixture: "nullable-3.0.yaml", schema: "Thing", direction: "none", value: { count: null } },
    want: [["/count", "type"]],
  },
  {
    name: "3.0 nullable: the enum still applies",
    given: { fixture: "nullable-3.0.yaml", schema: "Thing", direction: "none", value: { color: "green" } },
    want: [["/color", "enum"]],
  },
  {
    name: "3.0 nullable: around allOf, the object is still checked",
    given: { fixture: "nullable-3.0.yaml", schema: "Thing", direction: "none", value: { owner: { name: 1 } } },
    want: [["/owner/name", "type"]],
  },
  {
    name: "3.0 nullable: unknown properties found with draft-04",
    given: {
      fixture: "nullable-3.0.yaml",
      schema: "Thing",
      direction: "none",
      value: { owner: { nmae: "x" } },
      strict: true,
    },
    want: [["/owner/nmae", "unevaluatedProperties"]],
  },
  {
    name: "3.0 nullable: beside $ref it is ignored",
    given: { fixture: "nullable-3.0.yaml", schema: "Thing", direction: "none", value: { sibling: null } },
    want: [["/sibling", "type"]],
  },
  {
    name: "3.0 exclusiveMinimum: true excludes the minimum",
    given: { fixture: "exclusive-minimum-3.0.yaml", schema: "Score", direction: "none", value: { value: 0 } },
    want: [["/value", "minimum"]],
  },
  {
    name: "3.0 exclusiveMinimum: above the minimum",
    given: { fixture: "exclusive-minimum-3.0.yaml", schema: "Score", direction: "none", value: { value: 0.5 } },
    want: [],
  },

  // read-only-in-request.yaml
  {
    name: "readOnly: required does not apply to a request",
    given: { fixture: "read-only-in-request.yaml", schema: "Item", direction: "request", value: { name: "x" } },
    want: [],
  },
  {
    name: "readOnly: required applies to a response",
    given: { fixture: "read-only-in-request.yaml", schema: "Item", direction: "response", value: { name: "x" } },
    want: [["/id", "required"]],
  },
  {
    name: "readOnly: a property in a request",
    given: {
      fixture: "read-only-in-request.yaml",
      schema: "Item",
      direction: "request",
      value: { id: "a", name: "x" },
    },
    want: [["/id", FORBIDDEN]],
  },
  {
    name: "readOnly: through $ref",
    given: {
      fixture: "read-only-in-request.yaml",
      schema: "Item",
      direction: "request",
      value: { name: "x", self: "https://example.com/items/a" },
    },
    want: [["/self", FORBIDDEN]],
  },
  {
    name: "readOnly: through allOf",
    given: {
      fixture: "read-only-in-request.yaml",
      schema: "Item",
      direction: "request",
      value: { name: "x", audit: { at: "now" } },
    },
    want: [["/audit", FORBIDDEN]],
  },
  {
    name: "readOnly: allowed in a response",
    given: {
      fixture: "read-only-in-request.yaml",
      schema: "Item",
      direction: "response",
      value: { id: "a", name: "x", self: "https://example.com/items/a", audit: { at: "now" } },
    },
    want: [],
  },
  {
    name: "readOnly: required in another allOf member, request",
    given: { fixture: "read-only-in-request.yaml", schema: "Derived", direction: "request", value: { label: "l" } },
    want: [],
  },
  {
    name: "readOnly: required in another allOf member, response",
    given: { fixture: "read-only-in-request.yaml", schema: "Derived", direction: "response", value: { label: "l" } },
    want: [["/id", "required"]],
  },
  {
    name: "readOnly: through a discriminator",
    given: {
      fixture: "read-only-in-request.yaml",
      schema: "Holder",
      direction: "request",
      value: { pet: { kind: "cat", born: "2020" } },
    },
    want: [["/pet/born", FORBIDDEN]],
  },

  // write-only-in-response.yaml
  {
    name: "writeOnly: required does not apply to a response",
    given: {
      fixture: "write-only-in-response.yaml",
      schema: "Account",
      direction: "response",
      value: { credentials: { user: "u" } },
    },
    want: [],
  },
  {
    name: "writeOnly: a password in a response",
    given: {
      fixture: "write-only-in-response.yaml",
      schema: "Account",
      direction: "response",
      value: { credentials: { user: "u", password: "p" } },
    },
    want: [["/credentials/password", FORBIDDEN]],
  },
  {
    name: "writeOnly: required applies to a request",
    given: {
      fixture: "write-only-in-response.yaml",
      schema: "Account",
      direction: "request",
      value: { credentials: { user: "u" } },
    },
    want: [["/credentials/password", "required"]],
  },
  {
    name: "writeOnly: neither direction is assumed for a schema example",
    given: {
      fixture: "write-only-in-response.yaml",
      schema: "Account",
      direction: "none",
      value: { credentials: { user: "u" } },
    },
    want: [],
  },

  // unknown-properties.yaml
  {
    name: "unknown: a property no schema declares",
    given: {
      fixture: "unknown-properties.yaml",
      schema: "Closed",
      direction: "none",
      value: { a: "x", b: 1 },
      strict: true,
    },
    want: [["/b", "unevaluatedProperties"]],
  },
  {
    name: "unknown: admitted by default, as OpenAPI admits them",
    given: { fixture: "unknown-properties.yaml", schema: "Closed", direction: "none", value: { a: "x", b: 1 } },
    want: [],
  },
  {
    name: "unknown: admitted by default in a nested object and an array item",
    given: {
      fixture: "unknown-properties.yaml",
      schema: "Nested",
      direction: "none",
      value: { inner: { a: "x", z: [{ q: 1 }] } },
    },
    want: [],
  },
  {
    name: "unknown: additionalProperties false applies by default",
    given: { fixture: "unknown-properties.yaml", schema: "Strict", direction: "none", value: { b: 1 } },
    want: [["/b", "additionalProperties"]],
  },
  {
    name: "unknown: other errors are reported by default, the extra property is not",
    given: {
      fixture: "unknown-properties.yaml",
      schema: "Nested",
      direction: "none",
      value: { inner: { a: 1, z: 1 } },
    },
    want: [["/inner/a", "type"]],
  },
  {
    name: "unknown: additionalProperties true",
    given: { fixture: "unknown-properties.yaml", schema: "Open", direction: "none", value: { a: "x", b: 1 } },
    want: [],
  },
  {
    name: "unknown: additionalProperties schema, valid",
    given: { fixture: "unknown-properties.yaml", schema: "TypedExtras", direction: "none", value: { b: 1 } },
    want: [],
  },
  {
    name: "unknown: additionalProperties schema, invalid",
    given: { fixture: "unknown-properties.yaml", schema: "TypedExtras", direction: "none", value: { b: "x" } },
    want: [["/b", "type"]],
  },
  {
    name: "unknown: additionalProperties false",
    given: { fixture: "unknown-properties.yaml", schema: "Strict", direction: "none", value: { b: 1 } },
    want: [["/b", "additionalProperties"]],
  },
  {
    name: "unknown: a free-form object is a map",
    given: { fixture: "unknown-properties.yaml", schema: "FreeFormMap", direction: "none", value: { anything: 1 } },
    want: [],
  },
  {
    name: "unknown: allOf members declare together",
    given: { fixture: "unknown-properties.yaml", schema: "Composed", direction: "none", value: { a: "x", c: "y" } },
    want: [],
  },
  {
    name: "unknown: allOf members, one too many",
    given: {
      fixture: "unknown-properties.yaml",
      schema: "Composed",
      direction: "none",
      value: { a: "x", c: "y", d: "z" },
      strict: true,
    },
    want: [["/d", "unevaluatedProperties"]],
  },
  {
    name: "unknown: in a nested object",
    given: {
      fixture: "unknown-properties.yaml",
      schema: "Nested",
      direction: "none",
      value: { inner: { a: "x", z: 1 } },
      strict: true,
    },
    want: [["/inner/z", "unevaluatedProperties"]],
  },
  {
    name: "unknown: in an array item",
    given: {
      fixture: "unknown-properties.yaml",
      schema: "List",
      direction: "none",
      value: [{ a: "x" }, { a: "y", q: 1 }],
      strict: true,
    },
    want: [["/1/q", "unevaluatedProperties"]],
  },
  {
    name: "unknown: plain oneOf, the matching branch declares",
    given: { fixture: "unknown-properties.yaml", schema: "Either", direction: "none", value: { a: "x" } },
    want: [],
  },
  {
    name: "unknown: plain oneOf, extra property",
    given: {
      fixture: "unknown-properties.yaml",
      schema: "Either",
      direction: "none",
      value: { a: "x", extra: 1 },
      strict: true,
    },
    want: [["/extra", "unevaluatedProperties"]],
  },
  {
    name: "unknown: still found beside another error",
    given: {
      fixture: "unknown-properties.yaml",
      schema: "Nested",
      direction: "none",
      value: { inner: { a: 1, z: 1 } },
      strict: true,
    },
    want: [
      ["/inner/a", "type"],
      ["/inner/z", "unevaluatedProperties"],
    ],
  },

  // formats.yaml
  {
    name: "formats: all valid",
    given: {
      fixture: "formats.yaml",
      schema: "Formats",
      direction: "none",
      value: {
        when: "2024-01-22T09:15:00Z",
        link: "https://example.com/a?b=c",
        id: "76365070-34d5-4104-8b91-952780f8029f",
        mail: "dev@example.com",
        small: -2147483648,
        big: 9007199254740991,
        digest: "anything",
      },
    },
    want: [],
  },
  {
    name: "formats: date-time without a time",
    given: { fixture: "formats.yaml", schema: "Formats", direction: "none", value: { when: "2024-01-22" } },
    want: [["/when", "format"]],
  },
  {
    name: "formats: date-time without a zone",
    given: { fixture: "formats.yaml", schema: "Formats", direction: "none", value: { when: "2024-01-22T09:15:00" } },
    want: [["/when", "format"]],
  },
  {
    name: "formats: a relative uri",
    given: { fixture: "formats.yaml", schema: "Formats", direction: "none", value: { link: "/a/b" } },
    want: [["/link", "format"]],
  },
  {
    name: "formats: not a uuid",
    given: { fixture: "formats.yaml", schema: "Formats", direction: "none", value: { id: "x5169jL2" } },
    want: [["/id", "format"]],
  },
  {
    name: "formats: not an email",
    given: { fixture: "formats.yaml", schema: "Formats", direction: "none", value: { mail: "nobody" } },
    want: [["/mail", "format"]],
  },
  {
    name: "formats: int32 overflow",
    given: { fixture: "formats.yaml", schema: "Formats", direction: "none", value: { small: 2147483648 } },
    want: [["/small", "format"]],
  },
  {
    name: "formats: int64 beyond what JSON numbers hold exactly",
    given: { fixture: "formats.yaml", schema: "Formats", direction: "none", value: { big: 1e19 } },
    want: [["/big", "format"]],
  },

  // patterns.yaml
  {
    name: "patterns: a JavaScript pattern invalid under the u flag still applies",
    given: { fixture: "patterns.yaml", schema: "Names", direction: "none", value: { slug: "a.b-c_d" } },
    want: [],
  },
  {
    name: "patterns: ... and rejects",
    given: { fixture: "patterns.yaml", schema: "Names", direction: "none", value: { slug: "a b" } },
    want: [["/slug", "pattern"]],
  },
  {
    name: "patterns: unicode property escapes",
    given: { fixture: "patterns.yaml", schema: "Names", direction: "none", value: { word: "Zürich" } },
    want: [],
  },
  {
    name: "patterns: unicode property escapes reject",
    given: { fixture: "patterns.yaml", schema: "Names", direction: "none", value: { word: "Zürich 2" } },
    want: [["/word", "pattern"]],
  },

  // recursive.yaml
  {
    name: "recursion: a deep valid tree",
    given: {
      fixture: "recursive.yaml",
      schema: "Node",
      direction: "none",
      value: { name: "a", children: [{ name: "b", children: [{ name: "c" }] }] },
    },
    want: [],
  },
  {
    name: "recursion: an error three levels down",
    given: {
      fixture: "recursive.yaml",
      schema: "Node",
      direction: "none",
      value: { name: "a", children: [{ name: "b", children: [{ nam: "c" }] }] },
      strict: true,
    },
    want: [
      ["/children/0/children/0/name", "required"],
      ["/children/0/children/0/nam", "unevaluatedProperties"],
    ],
  },
  // direction-composition.yaml: readOnly/writeOnly reached through $ref, allOf, oneOf and anyOf.
  ...((): Row[] => {
    const fixture = "direction-composition.yaml";
    const widget = { id: "w1", secret: "s", label: "l", parent: null };
    const without = (...names: string[]) =>
      Object.fromEntries(Object.entries(widget).filter(([name]) => !names.includes(name)));
    return [
      {
        name: "composition, request: no id and no secret kept out by direction, the rest required",
        given: { fixture, schema: "Widget", direction: "request", value: without("id") },
        want: [],
      },
      {
        name: "composition, request: an id readOnly through allOf and $ref is forbidden",
        given: { fixture, schema: "Widget", direction: "request", value: widget },
        want: [["/id", FORBIDDEN]],
      },
      {
        name: "composition, request: a label readOnly in one anyOf branch only is still required",
        given: { fixture, schema: "Widget", direction: "request", value: without("id", "label") },
        want: [["/label", "required"]],
      },
      {
        name: "composition, response: a secret writeOnly in every oneOf branch is forbidden",
        given: { fixture, schema: "Widget", direction: "response", value: widget },
        want: [["/secret", FORBIDDEN]],
      },
      {
        name: "composition, response: no secret is fine, the readOnly id is required",
        given: { fixture, schema: "Widget", direction: "response", value: without("secret", "id") },
        want: [["/id", "required"]],
      },
      {
        name: "composition, response: a parent widget is checked by the same rules",
        given: { fixture, schema: "Widget", direction: "response", value: { ...without("secret"), parent: widget } },
        // Both anyOf branches fail: the widget on its secret, null on its type.
        want: [
          ["/parent/secret", FORBIDDEN],
          ["/parent", "type"],
        ],
      },
      {
        name: "composition, both directions: neither flag forbids, both relax required",
        given: { fixture, schema: "Widget", direction: "none", value: without("id", "secret") },
        want: [],
      },
      {
        name: "composition, both directions: id and secret are allowed",
        given: { fixture, schema: "Widget", direction: "none", value: widget },
        want: [],
      },
      {
        name: "composition, request: allOf inheritance relaxes the base's readOnly id",
        given: { fixture, schema: "Gadget", direction: "request", value: { ...without("id"), size: 2 } },
        want: [],
      },
      {
        name: "composition, request: required beside a $ref is relaxed through it",
        given: { fixture, schema: "Alias", direction: "request", value: without("id") },
        want: [],
      },
      {
        name: "composition, request: allOf inheritance forbids the base's readOnly id",
        given: { fixture, schema: "Gadget", direction: "request", value: { ...widget, size: 2 } },
        want: [["/id", FORBIDDEN]],
      },
    ];
  })(),
];

describe("validatePayload", () => {
  it.each(rows)("$name", ({ given, want }) => {
    const contract = load(given.fixture, given.strict ? { strict: true } : {});
    const errors = contract.validatePayload(`#/components/schemas/${given.schema}`, given.value, given.direction);
    expect(errors.map((e) => [e.instancePath, e.keyword])).toEqual(want);
  });
});

describe("errors", () => {
  it.each([
    {
      name: "an enum error lists the allowed values and the value found",
      given: { fixture: "discriminator-one-of.yaml", schema: "Pet", value: { kind: "dog", bark: "quiet" } },
      want: { instancePath: "/bark", message: 'must be one of "loud", "soft"', value: "quiet" },
    },
    {
      name: "a missing property is named, with nothing found",
      given: { fixture: "discriminator-one-of.yaml", schema: "Pet", value: { kind: "cat" } },
      want: { instancePath: "/lives", message: "is required but missing", value: undefined },
    },
    {
      name: "an unknown property is named, with its value (strict, asked for per call)",
      given: { fixture: "unknown-properties.yaml", schema: "Closed", value: { b: [1] }, strict: true },
      want: { instancePath: "/b", message: "is not a property the schema declares", value: [1] },
    },
    {
      name: "a type error says which types",
      given: { fixture: "nullable-3.0.yaml", schema: "Thing", value: { note: 1 } },
      want: { instancePath: "/note", message: "must be string,null", value: 1 },
    },
    {
      name: "a numeric format is named as the format that failed",
      given: { fixture: "formats.yaml", schema: "Formats", value: { small: 2147483648 } },
      want: { instancePath: "/small", keyword: "format", message: 'must match format "int32"', value: 2147483648 },
    },
    {
      name: "a pattern written without the u flag is named as the pattern",
      given: { fixture: "patterns.yaml", schema: "Names", value: { slug: "a b" } },
      want: { instancePath: "/slug", keyword: "pattern", message: 'must match pattern "^[\\w-.]+$"', value: "a b" },
    },
  ])("$name", ({ given, want }) => {
    const options = "strict" in given ? { strict: given.strict } : {};
    const errors = load(given.fixture).validatePayload(
      `#/components/schemas/${given.schema}`,
      given.value,
      "none",
      options,
    );
    expect(errors).toEqual([expect.objectContaining(want)]);
  });

  it("the user document is not changed by compiling it", () => {
    const contract = load("read-only-in-request.yaml");
    const before = JSON.stringify(contract.document);
    contract.validatePayload("#/components/schemas/Holder", { pet: { kind: "cat" } }, "request");
    contract.validatePayload("#/components/schemas/Derived", {}, "response");
    expect(JSON.stringify(contract.document)).toBe(before);
  });

  it("a document already in memory validates the same way", () => {
    const contract = Contract.fromDocument(load("unknown-properties.yaml").document, { strict: true });
    expect(
      contract
        .validatePayload("#/components/schemas/Nested", { inner: { z: 1 } }, "response")
        .map((e) => e.instancePath),
    ).toEqual(["/inner/z"]);
  });

  it("a schema that cannot be compiled is a SchemaError naming it", () => {
    const contract = load("unknown-properties.yaml");
    expect(() => contract.validatePayload("#/components/schemas/Missing", {}, "none")).toThrow(
      /schema #\/components\/schemas\/Missing: .*does not resolve/,
    );
  });
});
