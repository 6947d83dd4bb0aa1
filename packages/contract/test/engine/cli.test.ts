import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../../dist/run.js";

const testDir = fileURLToPath(new URL(".", import.meta.url));
const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

function runIn(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let clock = 0;
  // Two readings, start and end: the summary says 12 ms whatever the machine.
  const code = run(argv, {
    cwd: testDir,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: () => (clock++ === 0 ? 0 : 12),
  });
  return { code, out, err };
}

describe("ci-artifacts-contract <file>", () => {
  it.each([
    {
      name: "all examples valid",
      given: ["fixtures/discriminator-one-of.yaml"],
      want: { code: 0, out: ["checked 0 examples in 12 ms, 0 failed, 0 skipped"], err: [] },
    },
    {
      name: "one line per failing example, then the summary",
      given: ["fixtures/failing-examples.json"],
      want: {
        code: 1,
        out: [
          'fixtures/failing-examples.json:14:43: createWidget request bad-color: /color must be one of "red", "blue" (found "purple") [example #/paths/~1widgets/post/requestBody/content/application~1json/examples/bad-color/value]',
          'fixtures/failing-examples.json:25:47: createWidget 201 example: /secret is writeOnly: it may appear in a request, not in a response (found "s3cret") [example #/paths/~1widgets/post/responses/201/content/application~1json/example]',
          "checked 3 examples in 12 ms, 2 failed, 0 skipped",
        ],
        err: [],
      },
    },
    {
      name: "--source: failures in a bundle name the source file and line",
      given: ["fixtures/multi-file/bundle.json", "--source", "fixtures/multi-file/openapi.yaml"],
      want: {
        code: 1,
        out: [
          'fixtures/multi-file/paths/gadgets.yaml:11:15: createGadget request inline: /size must be one of "small", "large" (found "huge") [example #/paths/~1gadgets/post/requestBody/content/application~1json/examples/inline/value]',
          'fixtures/multi-file/components/examples/created-gadget.yaml:3:3: createGadget 201 created: /size must be one of "small", "large" (found "medium") [example #/components/examples/created-gadget/value]',
          "checked 2 examples in 12 ms, 2 failed, 0 skipped",
        ],
        err: [],
      },
    },
    {
      name: "a description split into files: failures name the file each example is in",
      given: ["fixtures/multi-file/openapi.yaml"],
      want: {
        code: 1,
        out: [
          'fixtures/multi-file/paths/gadgets.yaml:11:15: createGadget request inline: /size must be one of "small", "large" (found "huge") [example fixtures/multi-file/paths/gadgets.yaml#/post/requestBody/content/application~1json/examples/inline/value]',
          'fixtures/multi-file/components/examples/created-gadget.yaml:3:3: createGadget 201 created: /size must be one of "small", "large" (found "medium") [example fixtures/multi-file/components/examples/created-gadget.yaml#/value]',
          "checked 2 examples in 12 ms, 2 failed, 0 skipped",
        ],
        err: [],
      },
    },
    {
      name: "at most five errors on a line; one example is singular",
      given: ["fixtures/many-errors.yaml"],
      want: {
        code: 1,
        out: [
          'fixtures/many-errors.yaml:15:19: createBox request everything-wrong: /a must be integer (found "1"); /b must be integer (found "2"); /c must be integer (found "3"); /d must be integer (found "4"); /e must be integer (found "5"); and 2 more [example #/paths/~1boxes/post/requestBody/content/application~1json/examples/everything-wrong/value]',
          "checked 1 example in 12 ms, 1 failed, 0 skipped",
        ],
        err: [],
      },
    },
    {
      name: "--coverage: a body without an example fails too",
      given: ["fixtures/coverage.yaml", "--coverage"],
      want: {
        code: 1,
        out: [
          "fixtures/coverage.yaml:29:5: createItem request: request body has no example [#/components/requestBodies/NewItem]",
          "fixtures/coverage.yaml:10:9: createItem 201: response 201 has a body but no example [#/paths/~1items/post/responses/201]",
          "checked 1 example in 12 ms, 0 failed, 0 skipped; 2 bodies without an example",
        ],
        err: [],
      },
    },
    {
      name: "a property the schema does not declare passes by default, as OpenAPI admits it",
      given: ["fixtures/extra-property.yaml"],
      want: { code: 0, out: ["checked 1 example in 12 ms, 0 failed, 0 skipped"], err: [] },
    },
    {
      name: "--strict: a property the schema does not declare fails",
      given: ["fixtures/extra-property.yaml", "--strict"],
      want: {
        code: 1,
        out: [
          'fixtures/extra-property.yaml:15:44: getPet 200 example: /nickname is not a property the schema declares (found "R") [example #/paths/~1pets~1{id}/get/responses/200/content/application~1json/example]',
          "checked 1 example in 12 ms, 1 failed, 0 skipped",
        ],
        err: [],
      },
    },
    {
      name: "each skipped example is named with its reason; skipped examples do not fail",
      given: ["fixtures/skipped-examples.yaml"],
      want: {
        code: 0,
        out: [
          "fixtures/skipped-examples.yaml:11:11: createNote request parameter trace: skipped, no schema [#/paths/~1notes/post/parameters/0/example]",
          "fixtures/skipped-examples.yaml:17:24: createNote request first (application/json): skipped, no schema [#/paths/~1notes/post/requestBody/content/application~1json/examples/first/value]",
          "fixtures/skipped-examples.yaml:18:25: createNote request second (application/json): skipped, no schema [#/paths/~1notes/post/requestBody/content/application~1json/examples/second/value]",
          "fixtures/skipped-examples.yaml:22:13: createNote request example (application/xml): skipped, unsupported media type application/xml [#/paths/~1notes/post/requestBody/content/application~1xml/example]",
          "fixtures/skipped-examples.yaml:32:17: createNote 201 remote: skipped, externalValue is not fetched [#/paths/~1notes/post/responses/201/content/application~1json/examples/remote]",
          "fixtures/skipped-examples.yaml:33:17: createNote 201 empty: skipped, no value [#/paths/~1notes/post/responses/201/content/application~1json/examples/empty]",
          "fixtures/skipped-examples.yaml:31:28: createNote 201 created: skipped, schema does not compile: schema #/components/schemas/Missing: $ref #/components/schemas/Missing does not resolve to anything in the document [#/paths/~1notes/post/responses/201/content/application~1json/examples/created/value]",
          "checked 1 example in 12 ms, 0 failed, 7 skipped",
        ],
        err: [],
      },
    },
    {
      name: "a schema that cannot be used skips its examples, naming the schema",
      given: ["fixtures/unresolvable-ref.yaml"],
      want: {
        code: 0,
        out: [
          "fixtures/unresolvable-ref.yaml:12:13: createNote request example: skipped, schema does not compile: schema #/components/schemas/Note: $ref #/components/schemas/Author does not resolve to anything in the document [#/paths/~1notes/post/requestBody/content/application~1json/example]",
          "checked 0 examples in 12 ms, 0 failed, 1 skipped",
        ],
        err: [],
      },
    },
    {
      name: "invalid YAML: exit 2, file and line on stderr",
      given: ["fixtures/invalid-yaml.yaml"],
      want: {
        code: 2,
        out: [],
        err: ["ci-artifacts-contract: fixtures/invalid-yaml.yaml:4:1: invalid YAML: Map keys must be unique"],
      },
    },
    {
      name: "an unreadable file: exit 2",
      given: ["fixtures/nothing-here.json"],
      want: { code: 2, out: [], err: ["ci-artifacts-contract: fixtures/nothing-here.json: cannot read file (ENOENT)"] },
    },
  ])("$name", ({ given, want }) => {
    expect(runIn(given)).toEqual(want);
  });

  it.each([
    { name: "no file", given: [] as string[], want: "ci-artifacts-contract: expected one file, got 0" },
    { name: "two files", given: ["a.yaml", "b.yaml"], want: "ci-artifacts-contract: expected one file, got 2" },
    { name: "an unknown option", given: ["--fast", "a.yaml"], want: "ci-artifacts-contract: Unknown option '--fast'" },
    {
      name: "the option this command had before",
      given: ["--allow-unknown-properties", "a.yaml"],
      want: "ci-artifacts-contract: Unknown option '--allow-unknown-properties'",
    },
  ])("usage error: $name", ({ given, want }) => {
    const result = runIn(given);
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain(want);
    expect(result.err[1]).toMatch(/^usage: ci-artifacts-contract </);
  });
});

describe("the built bin", () => {
  it.each([
    {
      name: "failing examples exit 1",
      given: "fixtures/failing-examples.json",
      want: { status: 1, lastLine: /^checked 3 examples in \d+ ms, 2 failed, 0 skipped$/, lines: 3 },
    },
    {
      name: "valid examples exit 0",
      given: "fixtures/recursive.yaml",
      want: { status: 0, lastLine: /^checked 0 examples in \d+ ms, 0 failed, 0 skipped$/, lines: 1 },
    },
    { name: "bad input exits 2", given: "fixtures/invalid-json.json", want: { status: 2, lastLine: /^$/, lines: 0 } },
  ])("$name", ({ given, want }) => {
    // INIT_CWD is where `pnpm contract` was run from; paths are relative to it.
    const result = spawnSync(process.execPath, [cli, given], {
      env: { ...process.env, INIT_CWD: testDir },
      encoding: "utf8",
    });
    const lines = result.stdout.split("\n").filter(Boolean);
    expect(result.status).toBe(want.status);
    expect(lines).toHaveLength(want.lines);
    expect(lines.at(-1) ?? "").toMatch(want.lastLine);
    if (want.status === 2)
      expect(result.stderr).toMatch(/^ci-artifacts-contract: fixtures\/invalid-json\.json:3:\d+: invalid JSON: /);
    else expect(result.stderr).toBe("");
  });
});

describe("the built bin, read by a reader that stops early", () => {
  it("ends quietly with 141 once the reader closes its end (`| head -1`)", async () => {
    // 2,000 failing examples: about 400 KiB of lines, more than a pipe holds.
    const examples = Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [`bad-${i}`, { value: { color: `purple-${i}` } }]),
    );
    const document = {
      openapi: "3.0.3",
      info: { title: "many failing examples", version: "1" },
      paths: {
        "/widgets": {
          post: {
            operationId: "createWidget",
            requestBody: {
              content: {
                "application/json": {
                  schema: { type: "object", properties: { color: { type: "string", enum: ["red"] } } },
                  examples,
                },
              },
            },
            responses: { "204": { description: "created" } },
          },
        },
      },
    };
    const dir = mkdtempSync(join(tmpdir(), "ci-artifacts-contract-pipe-"));
    try {
      writeFileSync(join(dir, "many.json"), JSON.stringify(document, null, 1));
      const child = spawn(process.execPath, [cli, "many.json"], { env: { ...process.env, INIT_CWD: dir } });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      child.stdout.once("data", () => child.stdout.destroy());
      const [code] = await once(child, "exit");
      expect({ code, stderr }).toEqual({ code: 141, stderr: "" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
