// Every command of the README (and of each --help's examples) is parsed by the command's own
// parser, then run against the twins in the README's order, each expected to succeed.
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { startTwin, type Twin } from "@ci-artifacts/mock";
import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Io } from "../src/io.js";
import { main } from "../src/main.js";
import { createProgram, type Parsed } from "../src/program.js";
import { assertBuilt, run, scratch } from "./support.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The words of a shell command line (quotes and backslashes as sh reads them), up to a pipe. */
export function shellWords(line: string): { words: string[]; piped: boolean } {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed ${c} in: ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === "\\") {
      word = (word ?? "") + (line[++i] ?? "");
    } else if (c === " " || c === "\t") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "|" || c === "#") {
      if (c === "#" && word !== undefined) {
        word += c;
        continue;
      }
      if (word !== undefined) words.push(word);
      return { words, piped: c === "|" };
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return { words, piped: false };
}

/** The `ci-artifacts ...` lines of the README's sh blocks, in order. */
function readmeCommands(): string[] {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  return blocks.flatMap((block) => block.split("\n").filter((line) => line.startsWith("ci-artifacts ")));
}

function quietIo(): Io {
  return new Io({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
}

/** What the command's own parser makes of a line; throws as the command would refuse it. */
async function parse(words: readonly string[]): Promise<Parsed> {
  let parsed: Parsed | undefined;
  const program = createProgram(quietIo(), async (p) => {
    parsed = p;
  });
  await program.parseAsync(words.slice(1), { from: "user" });
  if (!parsed) throw new Error(`${words.join(" ")}: parsed to no command`);
  return parsed;
}

describe("shellWords", () => {
  it("reads quotes, backslashes, a pipe and a comment as sh does", () => {
    expect(shellWords(`ci-artifacts a 'b c' "d" e\\ f --x='**' | jq .path`)).toEqual({
      words: ["ci-artifacts", "a", "b c", "d", "e f", "--x=**"],
      piped: true,
    });
    expect(shellWords("npm i x   # comment")).toEqual({ words: ["npm", "i", "x"], piped: false });
    expect(shellWords("a#b")).toEqual({ words: ["a#b"], piped: false });
  });
});

const commands = readmeCommands();

describe("the README's commands", () => {
  it("are there: ls, download and rm of Buildkite, and each Buddy command", () => {
    const kinds = new Set(commands.map((line) => shellWords(line).words.slice(1, 3).join(" ")));
    expect([...kinds].sort()).toEqual(
      [
        "buddy create",
        "buddy get",
        "buddy ls",
        "buddy rm",
        "buddy update",
        "buildkite download",
        "buildkite ls",
        "buildkite rm",
      ].sort(),
    );
  });

  it.each(commands)("%s: parsed by the command's parser", async (line) => {
    await expect(parse(shellWords(line).words)).resolves.toBeDefined();
  });

  it("the parser refuses what the command refuses (so the check above can fail)", async () => {
    await expect(parse(shellWords("ci-artifacts buildkite ls acme/web/42 --colour").words)).rejects.toBeInstanceOf(
      CommanderError,
    );
    await expect(parse(shellWords("ci-artifacts buildkite ls acme/web").words)).rejects.toThrow(
      "expected org/pipeline/number",
    );
    await expect(parse(shellWords("ci-artifacts buddy ls").words)).rejects.toThrow("--workspace");
  });
});

describe("every command's --help examples", () => {
  const leaves = [
    [],
    ["buildkite"],
    ["buddy"],
    ["buildkite", "ls"],
    ["buildkite", "download"],
    ["buildkite", "rm"],
    ["buddy", "ls"],
    ["buddy", "get"],
    ["buddy", "create"],
    ["buddy", "update"],
    ["buddy", "rm"],
  ];
  it.each(leaves.map((path) => ({ name: ["ci-artifacts", ...path].join(" "), path })))(
    "$name --help: has examples, each parsed, each in the README",
    async ({ path }) => {
      const stdout = new PassThrough();
      let help = "";
      stdout.on("data", (chunk: Buffer) => {
        help += chunk.toString();
      });
      const code = await main(
        [...path, "--help"],
        { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} },
        new AbortController().signal,
      );
      expect(code).toBe(0);
      const examples = (help.split("Examples:\n")[1] ?? "").split("\n").filter((l) => l.startsWith("  ci-artifacts "));
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        await expect(parse(shellWords(example.trim()).words)).resolves.toBeDefined();
        expect(README).toContain(example.trim());
      }
    },
  );
});

describe("the README's commands, run against the twins in the README's order", () => {
  let buildkite: Twin<"buildkite">;
  let buddy: Twin<"buddy">;
  let cwd: Awaited<ReturnType<typeof scratch>>;
  beforeAll(async () => {
    assertBuilt();
    cwd = await scratch();
    buildkite = await startTwin("buildkite", {
      where: { org_slug: "acme", pipeline_slug: "web", build_number: 42 },
      artifacts: 40,
    });
    buddy = await startTwin("buddy", { where: { workspace: "acme" } });
    // The files the Buddy examples read.
    await writeFile(`${cwd.dir}/artifact.json`, JSON.stringify({ name: "site", type: "BUCKET", scope: "WORKSPACE" }));
    await writeFile(`${cwd.dir}/changes.json`, JSON.stringify({ name: "Shared library v2" }));
  });
  afterAll(async () => {
    await buildkite?.close();
    await buddy?.close();
    await cwd?.remove();
  });

  it("every one exits 0", async () => {
    const results: { line: string; code: number | null; stderr: string }[] = [];
    for (const line of commands) {
      const { words } = shellWords(line);
      const twin = words[1] === "buddy" ? buddy : buildkite;
      const { code, stderr } = await run([...words.slice(1), "--base-url", twin.url], {
        cwd: cwd.dir,
        env: { BUILDKITE_API_TOKEN: buildkite.token, BUDDY_TOKEN: buddy.token },
      });
      results.push({ line, code, stderr: code === 0 ? "" : stderr });
    }
    expect(results).toEqual(commands.map((line) => ({ line, code: 0, stderr: "" })));
    // They did what they say: the downloads are verified files, the Buddy artifact is gone.
    expect(buddy.data().workspaces[0]?.artifacts.map((a) => a.id)).not.toContain("x5169jL2");
    expect(buildkite.requests.some((r) => r.method === "DELETE")).toBe(true);
    // Each command is a process of its own, one after the other: beside the rest of `pnpm test`
    // on two cores they took more than the suite's 60 s. The limit only stops a hang.
  }, 300_000);
});
