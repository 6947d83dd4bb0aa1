// What a user gets: a project outside the workspace installs @ci-artifacts/mock from its packed
// tarball (with the workspace packages it needs, packed too, as they would come from the
// registry) and runs the command from node_modules/.bin. The twin with @ci-artifacts/client is
// checked the same way by tools/mock-e2e, which depends on both.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PackedProject, packedProject } from "@ci-artifacts/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBanner } from "../banner.js";

const packages = fileURLToPath(new URL("../../../", import.meta.url));

let project: PackedProject;
let cli: ChildProcess | undefined;

beforeAll(async () => {
  project = await packedProject({
    packages: ["mock", "openapi", "spec", "contract"].map((name) => join(packages, name)),
    manifest: { type: "module" },
  });
});

afterAll(async () => {
  if (cli && cli.exitCode === null && cli.signalCode === null) {
    cli.kill("SIGTERM");
    await once(cli, "exit");
  }
  await project?.remove();
});

describe("a project outside the workspace", () => {
  it("runs ci-artifacts-mock from node_modules/.bin, and it ends on SIGTERM", async () => {
    cli = spawn(join(project.dir, "node_modules/.bin/ci-artifacts-mock"), ["buddy", "--port", "0"], {
      cwd: project.dir,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const { url } = await readBanner(cli);
    const response = await fetch(`${url}/workspaces/my-company/artifacts`, {
      headers: { authorization: "Bearer twin-token" },
    });
    expect(response.status).toBe(200);
    cli.kill("SIGTERM");
    const [code] = await once(cli, "exit");
    expect(code).toBe(0);
  });
});
