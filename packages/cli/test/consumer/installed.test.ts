// What a user gets: a project outside the workspace installs @ci-artifacts/cli from its packed
// tarball (with the workspace packages it needs, packed too, as they would come from the
// registry), and runs the installed `ci-artifacts` bin: --help, then a verified download from the
// twin and a second run that finds every file already there.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startTwin, type Twin } from "@ci-artifacts/mock";
import { type PackedProject, packedProject } from "@ci-artifacts/test-support";
import { afterAll, beforeAll, expect, it } from "vitest";
import { filesUnder, userEnv } from "../support.js";

const exec = promisify(execFile);
const packages = fileURLToPath(new URL("../../../", import.meta.url));

let project: PackedProject;
let twin: Twin<"buildkite">;

beforeAll(async () => {
  project = await packedProject({
    packages: ["cli", "client", "contract", "openapi", "spec"].map((name) => join(packages, name)),
  });
  twin = await startTwin("buildkite", { artifacts: 40 });
});
afterAll(async () => {
  await twin?.close();
  await project?.remove();
});

const bin = () => join(project.dir, "node_modules", ".bin", "ci-artifacts");

it("the installed bin shows its help", async () => {
  const { stdout } = await project.run(bin(), ["buildkite", "download", "--help"]);
  expect(stdout).toContain("Usage: ci-artifacts buildkite download [options] <build>");
  expect(stdout).toContain("Examples:");
});

it("downloads a build's finished files, verified, and finds them there on a second run", async () => {
  const args = ["buildkite", "download", "my-great-org/my-pipeline/1", "--base-url", twin.url, "--out", "files"];
  const options = { cwd: project.dir, env: userEnv({ BUILDKITE_API_TOKEN: twin.token }) };
  const finished = (twin.seed.builds[0]?.artifacts ?? []).filter((a) => a.state === "finished");
  const first = await exec(bin(), args, options);
  expect(first.stderr).toMatch(new RegExp(`${finished.length} downloaded .*; every file is there, verified`));
  expect(await filesUnder(join(project.dir, "files"))).toEqual(finished.map((a) => a.path).sort());
  const second = await exec(bin(), args, options);
  expect(second.stderr).toMatch(new RegExp(`0 downloaded \\(0 B\\), ${finished.length} already there`));
});
