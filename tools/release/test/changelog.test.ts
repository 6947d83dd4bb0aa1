// The classified API changes go into the CHANGELOG entry of the release.
import { describe, expect, it } from "vitest";
import { addApiChanges } from "../src/changelog.js";
import type { ApiDiff } from "../src/gate.js";
import type { ApiChange } from "../src/spec-diff.js";

const change = (impact: ApiChange["impact"], message: string, pointer = "#/paths/~1a/get"): ApiChange => ({
  impact,
  rules: [],
  message,
  operations: ["getA (GET /a)"],
  field: undefined,
  shared: undefined,
  pointer,
});

const diffs: ApiDiff[] = [
  {
    api: "buddy",
    released: "0.1.0",
    changes: [
      change("patch", "Description changed."),
      change("major", "Property `x` was removed."),
      change("patch", "v", "#/info/version"),
    ],
  },
  { api: "buildkite", released: "0.1.0", changes: [] },
  { api: "gitlab", released: undefined, changes: [] },
];

const section = [
  "### API changes",
  "",
  "#### buddy",
  "",
  "- **Breaking:** getA (GET /a): Property `x` was removed.",
  "- Changed: getA (GET /a): Description changed.",
  "",
  "#### buildkite",
  "",
  "- No changes since 0.1.0.",
  "",
  "#### gitlab",
  "",
  "- First release of this API.",
  "",
].join("\n");

describe("addApiChanges", () => {
  it.each([
    {
      name: "the newest entry, above an older one",
      given:
        "# @ci-artifacts/openapi\n\n## 1.0.0\n\n### Major Changes\n\n- abc123: Removes `x`.\n\n## 0.1.0\n\nFirst release.\n",
      want: `# @ci-artifacts/openapi\n\n## 1.0.0\n\n### Major Changes\n\n- abc123: Removes \`x\`.\n\n${section}\n## 0.1.0\n\nFirst release.\n`,
    },
    {
      name: "the only entry, at the end of the file",
      given: "# @ci-artifacts/openapi\n\n## 1.0.0\n\n### Major Changes\n\n- abc123: Removes `x`.\n",
      want: `# @ci-artifacts/openapi\n\n## 1.0.0\n\n### Major Changes\n\n- abc123: Removes \`x\`.\n\n${section}`,
    },
  ])("$name", ({ given, want }) => {
    expect(addApiChanges(given, "1.0.0", diffs, "CHANGELOG.md")).toBe(want);
  });

  it.each([
    {
      name: "no entry for the version",
      given: "# x\n\n## 0.1.0\n",
      want: 'CHANGELOG.md: no "## 1.0.0" entry; run `changeset version` first',
    },
    {
      name: "an entry that already has the section",
      given: "# x\n\n## 1.0.0\n\n### API changes\n",
      want: 'CHANGELOG.md:3: the 1.0.0 entry already has an "### API changes" section',
    },
  ])("fails on $name, naming the file", ({ given, want }) => {
    expect(() => addApiChanges(given, "1.0.0", diffs, "CHANGELOG.md")).toThrow(want);
  });
});
