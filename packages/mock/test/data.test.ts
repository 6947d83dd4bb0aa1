// Data from a file or from code: what the twin fills in, and every mistake named by file, line and
// JSON pointer, before anything listens.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTwin } from "../src/index.js";
import { call, sha1 } from "./support.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "twin-data-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const JOB = "aae578fe-994c-44e6-84da-4102616928ba";

describe("Buildkite data", () => {
  it("serves what it is given, filling in what is the server's to say", async () => {
    const twin = await startTwin("buildkite", {
      data: {
        builds: [
          {
            org_slug: "acme",
            pipeline_slug: "web",
            build_number: 42,
            artifacts: [
              {
                id: "0f3c9a7e-5d2b-4c6a-8e1f-0d9c7b5a3e2f",
                job_id: JOB,
                path: "dist/app.js",
                content: "console.log(1)\n",
              },
              { job_id: JOB, path: "logs/build.log", state: "error", file_size: 2048 },
            ],
          },
        ],
      },
    });
    try {
      const [first, second] = twin.seed.builds[0]!.artifacts;
      expect(first).toEqual({
        id: "0f3c9a7e-5d2b-4c6a-8e1f-0d9c7b5a3e2f",
        job_id: JOB,
        url: `${twin.url}/organizations/acme/pipelines/web/builds/42/jobs/${JOB}/artifacts/0f3c9a7e-5d2b-4c6a-8e1f-0d9c7b5a3e2f`,
        download_url: `${twin.url}/organizations/acme/pipelines/web/builds/42/jobs/${JOB}/artifacts/0f3c9a7e-5d2b-4c6a-8e1f-0d9c7b5a3e2f/download`,
        state: "finished",
        path: "dist/app.js",
        dirname: "dist",
        filename: "app.js",
        mime_type: "application/javascript",
        file_size: 15,
        sha1sum: sha1(Buffer.from("console.log(1)\n")),
        glob_path: null,
        original_path: null,
      });
      expect(second).toMatchObject({ state: "error", file_size: 2048, filename: "build.log", mime_type: "text/plain" });
      const location = (await call(twin, `${String(first!.download_url)}`)).headers.get("location")!;
      expect(await (await fetch(location)).text()).toBe("console.log(1)\n");
    } finally {
      await twin.close();
    }
  });

  it("reads its own seed back: twin.seed is data", async () => {
    const seeded = await startTwin("buildkite", { artifacts: 20 });
    const again = await startTwin("buildkite", { data: seeded.seed });
    try {
      const strip = (t: typeof seeded) =>
        t.seed.builds[0]!.artifacts.map(({ url: _u, download_url: _d, ...rest }) => rest);
      expect(strip(again)).toEqual(strip(seeded));
    } finally {
      await Promise.all([seeded.close(), again.close()]);
    }
  });

  it.each([
    {
      name: "a state no enum lists",
      given:
        '{\n  "builds": [\n    { "org_slug": "a", "pipeline_slug": "b", "build_number": 1,\n      "artifacts": [{ "path": "x", "state": "done" }] }\n  ]\n}\n',
      want: /data\.json:4:36: \/builds\/0\/artifacts\/0\/state: must be one of "new", "error", "finished", "deleted", "expired" \(found "done"\)$/,
    },
    {
      name: "a checksum without content",
      given:
        '{"builds":[{"org_slug":"a","pipeline_slug":"b","build_number":1,"artifacts":[{"path":"x","sha1sum":"abc"}]}]}',
      want: /\/builds\/0\/artifacts\/0\/sha1sum: is not the SHA-1 of the bytes the twin makes up for this artifact/,
    },
    {
      name: "a size that is not the content's",
      given:
        '{"builds":[{"org_slug":"a","pipeline_slug":"b","build_number":1,"artifacts":[{"path":"x","content":"abc","file_size":4}]}]}',
      want: /\/builds\/0\/artifacts\/0\/file_size: is 4 but content is 3 bytes: leave file_size out$/,
    },
    {
      name: "no path",
      given: '{"builds":[{"org_slug":"a","pipeline_slug":"b","build_number":1,"artifacts":[{}]}]}',
      want: /\/builds\/0\/artifacts\/0\/path: must be the file's path \(found nothing\)$/,
    },
    {
      name: "a build without its number",
      given: '{"builds":[{"org_slug":"a","pipeline_slug":"b"}]}',
      want: /\/builds\/0\/build_number: is required: the build's place, as in the list's URL$/,
    },
    {
      name: "data for the other API",
      given: '{"api":"buddy","workspaces":[]}',
      want: /\/api: this is the buildkite twin; the data is for "buddy"$/,
    },
    { name: "no builds", given: "{}", want: /\/builds: must be an array \(found nothing\)$/ },
    { name: "not JSON", given: '{"builds": [', want: /data\.json(:\d+:\d+)?: invalid JSON/ },
  ])("names $name", async ({ given, want }) => {
    const file = join(dir, "data.json");
    await writeFile(file, given);
    await expect(startTwin("buildkite", { data: file })).rejects.toThrow(want);
  });

  it("names a file it cannot read", async () => {
    await expect(startTwin("buildkite", { data: join(dir, "missing.json") })).rejects.toThrow(
      /missing\.json: cannot read file \(ENOENT\)/,
    );
  });
});

describe("Buddy data", () => {
  it("serves what it is given, from YAML too", async () => {
    const file = join(dir, "buddy.yaml");
    await writeFile(
      file,
      "api: buddy\nworkspaces:\n  - workspace: acme\n    artifacts:\n      - name: Site Files\n        type: BUCKET\n        scope: PROJECT\n        project: { name: website }\n",
    );
    const twin = await startTwin("buddy", { data: file });
    try {
      const answer = await call(twin, "/workspaces/acme/artifacts?project_name=website");
      expect((answer.body as { artifacts: unknown[] }).artifacts).toEqual([
        expect.objectContaining({ name: "Site Files", identifier: "site-files", scope: "PROJECT", size: 0 }),
      ]);
    } finally {
      await twin.close();
    }
  });

  it("names a password, which an answer never holds", async () => {
    const file = join(dir, "buddy.json");
    await writeFile(
      file,
      JSON.stringify({
        workspaces: [
          {
            workspace: "a",
            artifacts: [
              {
                name: "n",
                type: "BUCKET",
                scope: "WORKSPACE",
                authorization: { type: "BASIC", user: "u", password: "p" },
              },
            ],
          },
        ],
      }),
    );
    await expect(startTwin("buddy", { data: file })).rejects.toThrow(
      /\/workspaces\/0\/artifacts\/0\/authorization\/password: is writeOnly: it may appear in a request, not in a response/,
    );
  });
});
