// Broken input must fail loudly: a non-zero exit and a message naming the file
// and the line, from the very commands `pnpm build` runs (lint, then bundle).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runScript, scratchRepo } from "./helpers.js";

interface Case {
  name: string;
  /** File under the scratch repo to break, and how. */
  file: string;
  edit: (text: string) => string;
  /** `file:` as the tools print it, then a `line:column` they report. */
  want: { file: string; line: RegExp; lint: RegExp; bundleFails: boolean };
}

const cases: Case[] = [
  {
    name: "a dangling $ref",
    file: "spec/buddy/components/parameters/artifact_id.yaml",
    edit: (text) => text.replace("../schemas/ArtifactId.yaml", "../schemas/NoSuchSchema.yaml"),
    want: {
      file: "spec/buddy/components/parameters/artifact_id.yaml",
      line: /\b9:3\b/,
      lint: /no-unresolved-refs/,
      bundleFails: true,
    },
  },
  {
    name: "an example of the wrong type",
    file: "spec/buildkite/components/examples/artifact.yaml",
    edit: (text) => text.replace("file_size: 529371", "file_size: 'big'"),
    want: {
      file: "spec/buildkite/components/examples/artifact.yaml",
      line: /\b13:14\b/,
      lint: /no-invalid-media-type-examples/,
      // Bundling copies examples without validating them; lint runs first in
      // `pnpm build` (turbo: build dependsOn lint), so the build still stops.
      bundleFails: false,
    },
  },
  {
    name: "invalid YAML",
    file: "spec/buddy/components/examples/rename-artifact.yaml",
    edit: (text) => text.replace("name: updated-artifact-name", "name: [unclosed"),
    want: {
      file: "spec/buddy/components/examples/rename-artifact.yaml",
      // The flow sequence opened on line 4 is found unclosed where the next line starts.
      line: /\b5:1\b/,
      lint: /Failed to parse/,
      bundleFails: true,
    },
  },
];

describe("broken spec input", () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it.each(cases)("$name: lint exits non-zero and names the file and line", ({ file, edit, want }) => {
    root = scratchRepo();
    const target = path.join(root, file);
    const before = readFileSync(target, "utf8");
    const after = edit(before);
    expect(after).not.toBe(before);
    writeFileSync(target, after);

    const lint = runScript("lint.mjs", ["--root", root]);
    expect(lint.status).not.toBe(0);
    expect(lint.output).toContain(`${want.file}:`);
    expect(lint.output).toMatch(want.line);
    expect(lint.output).toMatch(want.lint);

    const bundle = runScript("bundle.mjs", ["--root", root, "--out", path.join(root, "dist")]);
    if (want.bundleFails) {
      expect(bundle.status).not.toBe(0);
      expect(bundle.output).toContain(want.file);
      expect(bundle.output).toContain("bundle not created");
    } else {
      expect(bundle.status).toBe(0);
    }
  });

  it("the unbroken copy passes lint and bundles", () => {
    root = scratchRepo();
    expect(runScript("lint.mjs", ["--root", root]).status).toBe(0);
    expect(runScript("bundle.mjs", ["--root", root, "--out", path.join(root, "dist")]).status).toBe(0);
  });
});
