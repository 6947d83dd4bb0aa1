// The GitHub Actions workflows cannot run here: parse them, and check that what
// they call exists (root scripts, the pinned pnpm, the docs package) and that CI
// runs the README's quick start on each supported Node.js major.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../src/repo.js";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: unknown;
  jobs: Record<string, { steps?: Step[]; strategy?: { matrix?: { node?: number[] } } }>;
}

const workflowDir = path.join(repoRoot, ".github", "workflows");
const workflows = readdirSync(workflowDir)
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()
  .map((file) => ({ file, workflow: parse(readFileSync(path.join(workflowDir, file), "utf8")) as Workflow }));
const rootPackage = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  packageManager: string;
  scripts: Record<string, string>;
};
const steps = (workflow: Workflow): Step[] => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);

/** Every shell command a step runs: its `run`, and the commands it hands to an action. */
const commandsOf = (step: Step): string[] =>
  [step.run, step.with?.version, step.with?.publish]
    .filter((value): value is string => typeof value === "string")
    .flatMap((script) => script.split(/&&|\|\||;|\n/))
    .map((command) => command.trim())
    .filter(Boolean);

// pnpm's own commands; any other first word is a script of the root package.json.
const pnpmCommands = new Set(["install", "i", "add", "exec", "dlx", "pack", "publish", "store"]);

/** The root scripts that a command calls through pnpm (`pnpm test`, `pnpm run spec:diff`). */
function scriptsCalled(command: string): string[] {
  const words = command.split(/\s+/);
  return words.flatMap((word, index) => {
    if (word !== "pnpm") return [];
    const next = words[index + 1];
    if (next === "run") return [words[index + 2] ?? ""];
    return next === undefined || pnpmCommands.has(next) || next.startsWith("-") ? [] : [next];
  });
}

/** The commands of the README's quick start, read the way .ci/run reads them. */
function quickStart(): string[] {
  const lines = readFileSync(path.join(repoRoot, "README.md"), "utf8").split("\n");
  const section = lines.slice(lines.findIndex((line) => line.startsWith("## Quick start")) + 1);
  const body = section.slice(
    0,
    section.findIndex((line) => line.startsWith("## ")),
  );
  const start = body.indexOf("```sh");
  const block = body.slice(start + 1);
  return block.slice(0, block.indexOf("```")).filter((line) => line.trim() !== "");
}

describe("workflows", () => {
  it("are the three this project needs", () => {
    expect(workflows.map(({ file }) => file)).toEqual(["ci.yml", "docs.yml", "release.yml"]);
  });

  it.each(workflows.map(({ file, workflow }) => ({ name: file, workflow })))(
    "$name calls only root scripts that exist",
    ({ workflow }) => {
      const called = steps(workflow).flatMap(commandsOf).flatMap(scriptsCalled);
      expect(called.length).toBeGreaterThan(0);
      for (const script of called) expect(Object.keys(rootPackage.scripts), `pnpm ${script}`).toContain(script);
    },
  );

  it.each(workflows.map(({ file, workflow }) => ({ name: file, workflow })))(
    "$name installs the pnpm of packageManager",
    ({ workflow }) => {
      const installs = steps(workflow)
        .flatMap(commandsOf)
        .flatMap((command) => [...command.matchAll(/npm install -g (pnpm@\S+)/g)].map((match) => match[1]));
      expect(installs.length).toBeGreaterThan(0);
      for (const install of installs) expect(install).toBe(rootPackage.packageManager);
    },
  );

  it.each(workflows.map(({ file, workflow }) => ({ name: file, workflow })))(
    "$name pins each action to a major version",
    ({ workflow }) => {
      for (const { uses } of steps(workflow)) if (uses) expect(uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    },
  );
});

describe("ci.yml", () => {
  const ci = workflows.find(({ file }) => file === "ci.yml")!.workflow;

  it("runs the README's quick start, command for command", () => {
    const runs = (ci.jobs["quick-start"]?.steps ?? []).flatMap((step) => (step.run ? [step.run] : []));
    expect(quickStart()).toHaveLength(2);
    expect(runs).toEqual(quickStart());
  });

  it("on Node.js 20, 22 and 24", () => {
    expect(ci.jobs["quick-start"]?.strategy?.matrix?.node).toEqual([20, 22, 24]);
  });

  it("runs the breaking-change gate", () => {
    expect(steps(ci).flatMap(commandsOf)).toContain("pnpm spec:diff");
  });
});

describe("release.yml and docs.yml", () => {
  const release = workflows.find(({ file }) => file === "release.yml")!.workflow;
  const docs = workflows.find(({ file }) => file === "docs.yml")!.workflow;

  it("release versions and publishes through the changesets action, with provenance", () => {
    const action = steps(release).find((step) => step.uses?.startsWith("changesets/action@"));
    expect(action?.with).toEqual({ version: "pnpm release:version", publish: "pnpm release:publish" });
    expect((action as { env?: Record<string, string> }).env?.NPM_CONFIG_PROVENANCE).toBe("true");
    expect((release as unknown as { permissions: Record<string, string> }).permissions["id-token"]).toBe("write");
  });

  it("docs builds everything and uploads the docs site's build output", () => {
    const upload = steps(docs).find((step) => step.uses?.startsWith("actions/upload-pages-artifact@"));
    // The docs package (@ci-artifacts/docs) writes its static site there.
    expect(upload?.with?.path).toBe("packages/docs/dist");
    expect(steps(docs).flatMap(commandsOf)).toContain("pnpm build");
    expect(Object.keys(docs.jobs)).toEqual(["build", "deploy"]);
    expect(steps(docs).some((step) => step.uses?.startsWith("actions/deploy-pages@"))).toBe(true);
  });
});

describe("scriptsCalled", () => {
  it.each([
    { name: "a script", given: "pnpm test", want: ["test"] },
    { name: "pnpm run", given: "pnpm run spec:diff", want: ["spec:diff"] },
    { name: "pnpm's own commands", given: "pnpm install --frozen-lockfile", want: [] },
    { name: "the global install", given: "npm install -g pnpm@10.34.9", want: [] },
  ])("$name", ({ given, want }) => {
    expect(scriptsCalled(given)).toEqual(want);
  });
});
