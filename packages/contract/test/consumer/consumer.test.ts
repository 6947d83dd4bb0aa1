// Another team's project, with no workspace around it: it installs the packed tarballs of the kit
// and of what it depends on here (the descriptions, the document model) with npm, everything else
// from the registry. The README's example type-checks and runs with the project's own vitest, the
// kit answers as its README says, and the command runs with npx on a description of its own.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { cleanEnv, type PackedProject, packedProject } from "@ci-artifacts/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const require = createRequire(import.meta.url);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

let project: PackedProject;

beforeAll(async () => {
  const files = ["petstore.yaml", "acceptance.mjs"];
  project = await packedProject({
    packages: [here("../../../openapi/"), here("../../../spec/"), here("../../")],
    registry: { vitest: version("vitest"), typescript: version("typescript") },
    manifest: { type: "module" },
    files: {
      "tsconfig.json": JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          target: "ES2022",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noEmit: true,
          skipLibCheck: true,
        },
        include: ["*.ts"],
      }),
      "artifact-store.test.ts": await readFile(here("../../examples/artifact-store.test.ts"), "utf8"),
      ...Object.fromEntries(
        await Promise.all(files.map(async (file) => [file, await readFile(here(`project/${file}`), "utf8")])),
      ),
    },
  });
});

afterAll(async () => {
  await project?.remove();
});

/** Runs a command in the project as a user's shell would, whatever its exit code. */
async function shell(file: string, args: readonly string[]) {
  try {
    const { stdout, stderr } = await exec(file, [...args], { cwd: project.dir, env: cleanEnv() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout = "", stderr = "" } = error as { code: unknown; stdout?: string; stderr?: string };
    return { code: typeof code === "number" ? code : -1, stdout, stderr };
  }
}

describe("a project outside the workspace", () => {
  it("installs the package with registry dependencies and the published document model only", async () => {
    const installed = JSON.parse(
      await readFile(join(project.dir, "node_modules/@ci-artifacts/contract/package.json"), "utf8"),
    ) as { dependencies: Record<string, string> };
    expect(Object.entries(installed.dependencies).filter(([, spec]) => !/^\d+\.\d+\.\d+$/.test(spec))).toEqual([]);
    expect(
      Object.keys(installed.dependencies)
        .filter((name) => name.startsWith("@ci-artifacts/"))
        .sort(),
    ).toEqual(["@ci-artifacts/openapi", "@ci-artifacts/spec"]);
  });

  it("type-checks the README's example under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess", async () => {
    const { code, stdout, stderr } = await shell(join(project.dir, "node_modules/.bin/tsc"), ["-p", "."]);
    expect({ code, output: stdout + stderr }).toEqual({ code: 0, output: "" });
  });

  it("runs it with its own vitest", async () => {
    const { stdout } = await project.run(join(project.dir, "node_modules/.bin/vitest"), ["run", "--reporter=json"]);
    const report = JSON.parse(stdout) as { numTotalTests: number; numPassedTests: number };
    expect({ total: report.numTotalTests, passed: report.numPassedTests }).toEqual({ total: 6, passed: 6 });
  });

  it("gets OpenAPI's answers from the kit: an extra property passes unless strict, an undeclared 200 is reported", async () => {
    const { stdout } = await project.run(process.execPath, ["acceptance.mjs"]);
    expect(JSON.parse(stdout)).toEqual({
      extraByDefault: { valid: true, keywords: [], response: "200", undeclared: false },
      extraStrict: {
        valid: false,
        keywords: ["/uploaded_at unevaluatedProperties"],
        response: "200",
        undeclared: false,
      },
      downloadErrorBody: { valid: false, keywords: [" x-contract-status"], response: "default", undeclared: true },
    });
  });
});

describe("npx ci-artifacts-contract, in that project", () => {
  it.each([
    {
      name: "a description with a failing example and one without a schema: counts, the failure, the skipped example",
      given: ["petstore.yaml"],
      want: {
        code: 1,
        stdout: [
          'petstore.yaml:30:26: createPet 201 example: /id must be integer (found "two") [example #/paths/~1pets/post/responses/201/content/application~1json/example]',
          "petstore.yaml:23:13: createPet request example: skipped, no schema [#/paths/~1pets/post/requestBody/content/application~1json/example]",
          /^checked 2 examples in \d+ ms, 1 failed, 1 skipped$/,
        ],
        stderr: "",
      },
    },
    {
      name: "a file that is not there: exit 2, named on stderr",
      given: ["missing.yaml"],
      want: { code: 2, stdout: [], stderr: "ci-artifacts-contract: missing.yaml: cannot read file (ENOENT)\n" },
    },
  ])("$name", async ({ given, want }) => {
    const { code, stdout, stderr } = await shell("npx", ["--no-install", "ci-artifacts-contract", ...given]);
    const lines = stdout.split("\n").filter(Boolean);
    expect({ code, lines: lines.length, stderr }).toEqual({
      code: want.code,
      lines: want.stdout.length,
      stderr: want.stderr,
    });
    want.stdout.forEach((line, i) => {
      expect(lines[i]).toMatch(typeof line === "string" ? new RegExp(`^${literal(line)}$`) : line);
    });
  });

  it("the package name runs its one command too", async () => {
    const { code, stdout } = await shell("npx", [
      "--no-install",
      "@ci-artifacts/contract",
      "petstore.yaml",
      "--strict",
    ]);
    expect({ code, last: stdout.trim().split("\n").at(-1) }).toEqual({
      code: 1,
      last: expect.stringMatching(/^checked 2 examples in \d+ ms, 1 failed, 1 skipped$/),
    });
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
