// The scanner must find what it is there to find: each row plants one secret in
// a scratch folder and expects a finding, and the clean rows expect none.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script without types
import { scan } from "../scan.mjs";

const scanText = (text: string): { status: number; output: string } => {
  const dir = mkdtempSync(path.join(tmpdir(), "ci-artifacts-secrets-"));
  try {
    writeFileSync(path.join(dir, "sample.yaml"), text);
    return scan(dir, ["sample.yaml"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

// Built from parts so that this file itself carries no credential-shaped string.
const vendorKey = ["AKIA", "IPPJ2IPWN5U3O1OA"].join("");
const githubToken = ["ghp_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx"].join("");

describe("secret scanner", () => {
  it.each([
    {
      name: "the AWS key ID in the vendor's download example",
      given: `url: https://buildkiteartifacts.com/a.tar.gz?AWSAccessKeyId=${vendorKey}&Expires=1288526454\n`,
      want: "@secretlint/secretlint-rule-pattern",
    },
    { name: "a GitHub token", given: `token: ${githubToken}\n`, want: "[GITHUB_TOKEN]" },
  ])("finds $name", ({ given, want }) => {
    const { status, output } = scanText(given);
    expect(status).not.toBe(0);
    expect(output).toContain(want);
  });

  it.each([
    { name: "AWS's documented placeholder key", given: "url: https://x.test/a?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE\n" },
    { name: "a token placeholder", given: "curl -H 'Authorization: Bearer $TOKEN'\n" },
  ])("accepts $name", ({ given }) => {
    const { status, output } = scanText(given);
    expect(output).toBe("");
    expect(status).toBe(0);
  });
});
