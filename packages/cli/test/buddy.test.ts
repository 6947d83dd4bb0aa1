// `ci-artifacts buddy ...` against the Buddy twin: list, get, create, update and delete, and a
// body Buddy would refuse, named field by field before any request is sent.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startTwin, type Twin } from "@ci-artifacts/mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertBuilt, run, scratch } from "./support.js";

let twin: Twin<"buddy">;
let files: Awaited<ReturnType<typeof scratch>>;
const buddy = (...args: string[]) =>
  run(["buddy", ...args, "--workspace", "my-company", "--base-url", twin.url], {
    env: { BUDDY_TOKEN: twin.token },
    cwd: files.dir,
  });
const stored = () => twin.data().workspaces[0]?.artifacts ?? [];

beforeAll(async () => {
  assertBuilt();
  files = await scratch();
});
beforeEach(async () => {
  await twin?.close();
  twin = await startTwin("buddy");
});
afterAll(async () => {
  await twin?.close();
  await files?.remove();
});

describe("buddy ls and get", () => {
  it("ls writes NDJSON in a pipe, a line per artifact of the workspace", async () => {
    const { code, stdout } = await buddy("ls");
    expect(code).toBe(0);
    const ids = stdout
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(twin.seed.workspaces[0]?.artifacts.map((a) => a.id));
  });

  it("ls --format table, filtered by project as the API filters", async () => {
    const { code, stdout } = await buddy("ls", "--format", "table", "--project", "my-project");
    expect(code).toBe(0);
    const answer = await fetch(`${twin.url}/workspaces/my-company/artifacts?project_name=my-project`, {
      headers: { authorization: `Bearer ${twin.token}` },
    });
    const { artifacts } = (await answer.json()) as { artifacts: { id: string; name: string }[] };
    expect(artifacts.length).toBeGreaterThan(0);
    const [header, ...rows] = stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID +NAME +TYPE +SCOPE +SIZE$/);
    expect(rows.map((row) => row.split(" ")[0])).toEqual(artifacts.map((a) => a.id));
  });

  it("get prints the artifact as JSON", async () => {
    const { code, stdout } = await buddy("get", "x5169jL2");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(twin.seed.workspaces[0]?.artifacts.find((a) => a.id === "x5169jL2"));
  });

  it("get of an id that is not there: exit 1, and what to check", async () => {
    const { code, stderr } = await buddy("get", "nope1234");
    expect(code).toBe(1);
    expect(stderr).toContain("HTTP 404");
    expect(stderr).toContain("Nothing there: check --workspace, --region (or --base-url) and the artifact's id.");
  });
});

describe("buddy create and update", () => {
  it("create from flags: the twin keeps it, and the command prints it", async () => {
    const { code, stdout, stderr } = await buddy(
      "create",
      "--name",
      "site",
      "--type",
      "BUCKET",
      "--scope",
      "WORKSPACE",
    );
    expect(code).toBe(0);
    const created = JSON.parse(stdout) as { id: string; name: string };
    expect(created).toMatchObject({ name: "site", type: "BUCKET", scope: "WORKSPACE" });
    expect(stderr).toBe(`created ${created.id} (${twin.url}/app/my-company/-/artifacts/${created.id}/versions)\n`);
    expect(stored().find((a) => a.id === created.id)).toMatchObject({ name: "site" });
  });

  it("create --from a file, with a flag over one of its fields", async () => {
    await writeFile(
      join(files.dir, "artifact.json"),
      JSON.stringify({ name: "lib", type: "NPM", scope: "PROJECT", project: { name: "my-project" } }),
    );
    const { code, stdout } = await buddy("create", "--from", "artifact.json", "--name", "lib-2");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: "lib-2", type: "NPM", scope: "PROJECT" });
  });

  it.each([
    {
      name: "a value outside the enum, from a flag",
      args: ["--name", "site", "--type", "BUCKET", "--scope", "GLOBAL"],
      file: undefined,
      want: ['/scope (from --scope): must be one of "WORKSPACE", "PROJECT", "ENVIRONMENT" (found "GLOBAL")'],
    },
    {
      name: "required fields left out",
      args: ["--name", "site"],
      file: undefined,
      want: ["/type: is required but missing", "/scope: is required but missing"],
    },
    {
      name: "a field only the server sets, and a BASIC authorization without its password, from a file",
      args: ["--from", "bad.json"],
      file: { name: "x", type: "BUCKET", scope: "WORKSPACE", id: "abc", authorization: { type: "BASIC", user: "u" } },
      want: [
        "/authorization/password (from bad.json): is required but missing",
        '/id (from bad.json): is not a property the schema declares (found "abc")',
      ],
    },
  ])("refuses a body with $name, naming each field, before any request", async ({ args, file, want }) => {
    if (file) await writeFile(join(files.dir, "bad.json"), JSON.stringify(file));
    const { code, stdout, stderr } = await buddy("create", ...args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `ci-artifacts: the body is not one Buddy's createArtifact accepts; nothing was sent:\n${want.map((line) => `  ${line}\n`).join("")}  See --help for the fields.\n`,
    );
    expect(twin.requests).toEqual([]);
  });

  it("a --from file that is not JSON: the file, the line and the column", async () => {
    await writeFile(join(files.dir, "broken.json"), '{\n  "name": "x",\n  oops\n}\n');
    const { code, stderr } = await buddy("create", "--from", "broken.json");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ci-artifacts: --from broken\.json: not JSON: .*\(line 3, column 3\)\n$/);
    expect(twin.requests).toEqual([]);
  });

  it("update changes the fields given; a bad one is refused first; nothing given is a usage error", async () => {
    const ok = await buddy("update", "x5169jL2", "--name", "Shared library");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ id: "x5169jL2", name: "Shared library" });
    expect(stored().find((a) => a.id === "x5169jL2")).toMatchObject({ name: "Shared library", type: "CONTAINER" });

    twin.resetRequests();
    const bad = await buddy("update", "x5169jL2", "--authorization", "SOMETIMES");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("/authorization/type (from --authorization): must be");
    const nothing = await buddy("update", "x5169jL2");
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("nothing to update: give the fields to change as flags");
    expect(twin.requests).toEqual([]);
  });
});

describe("buddy rm", () => {
  it("--dry-run names it; without --yes and no terminal it refuses; --yes deletes it", async () => {
    const dry = await buddy("rm", "x5169jL2", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      "would delete artifact x5169jL2 (Shared Library Artifact, CONTAINER) of workspace my-company\n",
    );
    const refused = await buddy("rm", "x5169jL2");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to delete artifact x5169jL2");
    expect(twin.requests.filter((r) => r.method === "DELETE")).toEqual([]);

    const deleted = await buddy("rm", "x5169jL2", "--yes");
    expect(deleted.code).toBe(0);
    expect(stored().map((a) => a.id)).not.toContain("x5169jL2");
    expect((await buddy("get", "x5169jL2")).code).toBe(1);
  });
});
