// The token never shows: not on stdout, stderr or --verbose lines, not when the server refuses
// it, not when a server echoes it back in an error, not when it is typed as a flag.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startTwin, type Twin } from "@ci-artifacts/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, type Ran, run, scratch } from "./support.js";

const TOKEN = "bk-Secret-Token-1f2e3d4c5b6a";
const BUDDY_TOKEN = "buddy-Secret-Token-9a8b7c6d";

let twin: Twin<"buildkite">;
let buddy: Twin<"buddy">;
let place: Awaited<ReturnType<typeof scratch>>;

beforeAll(async () => {
  assertBuilt();
  place = await scratch();
  twin = await startTwin("buildkite", { token: TOKEN, artifacts: 12 });
  buddy = await startTwin("buddy", { token: BUDDY_TOKEN });
  await writeFile(join(place.dir, "token"), `${TOKEN}\n`);
});
afterAll(async () => {
  await twin?.close();
  await buddy?.close();
  await place?.remove();
});

function expectNoToken(ran: Ran, ...tokens: string[]): void {
  for (const token of [TOKEN, BUDDY_TOKEN, ...tokens]) {
    for (const form of [token, encodeURIComponent(token), token.toLowerCase()]) {
      expect(ran.stdout).not.toContain(form);
      expect(ran.stderr).not.toContain(form);
    }
  }
}

const BUILD = "my-great-org/my-pipeline/1";
const bk = (args: string[], env: Record<string, string> = { BUILDKITE_API_TOKEN: TOKEN }) =>
  run(["buildkite", ...args, "--base-url", twin.url], { env, cwd: place.dir });

describe("the token appears in no output", () => {
  it("ls and download with --verbose: one line per request, none with the token", async () => {
    const listed = await bk(["ls", BUILD, "--verbose"]);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(
      /^verbose: GET \/organizations\/\{org_slug\}\/pipelines\/\{pipeline_slug\}\/builds\/\{build_number\}\/artifacts 200, \d+ ms, \d+\/50 left \(user\)$/m,
    );
    expectNoToken(listed);
    const downloaded = await bk(["download", BUILD, "--verbose", "--out", "files"]);
    expect(downloaded.code).toBe(0);
    expect(downloaded.stderr).toMatch(/^verbose: GET storage: .*\/download 200, /m);
    expectNoToken(downloaded);
  });

  it("a token read from --token-file, with an API error", async () => {
    const ran = await bk(["ls", "my-great-org/my-pipeline/2", "--token-file", "token", "--verbose"], {});
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("HTTP 404");
    expectNoToken(ran);
  });

  it("a token the server refuses (401)", async () => {
    const wrong = "bk-Wrong-Token-77aa88bb99cc";
    const ran = await bk(["download", BUILD, "--verbose"], { BUILDKITE_API_TOKEN: wrong });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("The token was refused: check BUILDKITE_API_TOKEN or the file given to --token-file.");
    expectNoToken(ran, wrong);
  });

  it("a server that echoes the token in its error body and headers", async () => {
    twin.faults.add({
      route: "listBuildArtifacts",
      count: 1,
      fault: {
        kind: "echo",
        act({ request, response }) {
          const auth = String(request.headers.authorization);
          response.writeHead(422, { "content-type": "application/json", "x-echo": auth });
          response.end(JSON.stringify({ message: `Validation Failed for ${auth} (${encodeURIComponent(auth)})` }));
        },
      },
    });
    const ran = await bk(["ls", BUILD, "--verbose"]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("HTTP 422: Validation Failed for Bearer [redacted]");
    expectNoToken(ran);
  });

  it("a server that puts the token into the data it lists", async () => {
    twin.faults.add({
      route: "listBuildArtifacts",
      count: 2,
      fault: {
        kind: "echo-data",
        async act({ request, response, answer }) {
          const auth = String(request.headers.authorization).replace(/^Bearer /, "");
          const { body } = await answer();
          const items = JSON.parse(String(body)) as { path: string }[];
          for (const item of items) item.path = `dist/${auth}/${encodeURIComponent(auth)}/${item.path}`;
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify(items));
        },
      },
    });
    for (const format of ["json", "table"]) {
      const ran = await bk(["ls", BUILD, "--format", format]);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain("dist/[redacted]/[redacted]/");
      expectNoToken(ran);
    }
  });

  it("Buddy: a refused body and a 401", async () => {
    const bad = await run(
      ["buddy", "create", "--workspace", "my-company", "--base-url", buddy.url, "--name", "x", "--verbose"],
      { env: { BUDDY_TOKEN } },
    );
    expect(bad.code).toBe(2);
    expectNoToken(bad);
    const wrong = "buddy-Wrong-Token-44dd55ee";
    const refused = await run(["buddy", "ls", "--workspace", "my-company", "--base-url", buddy.url, "--verbose"], {
      env: { BUDDY_TOKEN: wrong },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("The token was refused: check BUDDY_TOKEN");
    expectNoToken(refused, wrong);
  });

  it("a password from a --from file is not repeated when the body is refused", async () => {
    const password = "hunter2-Very-Secret";
    await writeFile(
      join(place.dir, "basic.json"),
      JSON.stringify({
        name: "x",
        type: "BUCKET",
        scope: "GLOBAL",
        authorization: { type: "BASIC", user: 5, password },
      }),
    );
    const ran = await run(["buddy", "create", "--workspace", "w", "--base-url", buddy.url, "--from", "basic.json"], {
      env: { BUDDY_TOKEN },
      cwd: place.dir,
    });
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("/authorization/user (from basic.json): must be string (found 5)");
    expectNoToken(ran, password);
  });

  it.each([["--token", TOKEN], [`--token=${TOKEN}`], ["--api-token", TOKEN]])(
    "refuses a token given as a flag (%s) without repeating it",
    async (...flag) => {
      const ran = await run(["buildkite", "ls", BUILD, ...flag]);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toMatch(
        /^ci-artifacts: --(api-)?token is not an option: a token on the command line shows in ps/,
      );
      expectNoToken(ran);
    },
  );

  it("without a token: says where to put one, and sends nothing", async () => {
    twin.resetRequests();
    const ran = await run(["buildkite", "ls", BUILD, "--base-url", twin.url]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(
      "ci-artifacts: no Buildkite token: set BUILDKITE_API_TOKEN, or pass --token-file FILE (a file that holds the token)\n",
    );
    expect(twin.requests).toEqual([]);
  });
});
