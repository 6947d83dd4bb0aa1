// CORS for a page in a browser: off by default; on, the answers of both servers name an allowed
// origin and expose what a client reads, and preflights are answered before the API sees them.
import { afterEach, describe, expect, it } from "vitest";
import { parseCommand } from "../src/cli/args.js";
import { startTwin, type Twin } from "../src/index.js";
import { call } from "./support.js";

const APP = "http://app.test:5173";
const LIST = "/organizations/my-great-org/pipelines/my-pipeline/builds/1/artifacts";

let twin: Twin | undefined;
afterEach(async () => {
  await twin?.close();
  twin = undefined;
});

const cors = (headers: Headers) => ({
  origin: headers.get("access-control-allow-origin"),
  exposed: headers.get("access-control-expose-headers")?.split(", ") ?? null,
  vary: headers.get("vary"),
});

/** A browser's preflight from `origin` before a `method` request with an Authorization and an X-Request-Id. */
const preflight = (origin: string, method = "GET") => ({
  method: "OPTIONS",
  token: null,
  headers: {
    origin,
    "access-control-request-method": method,
    "access-control-request-headers": "authorization,x-request-id",
  },
});

describe("without cors (the default)", () => {
  it("answers carry no CORS headers, and an OPTIONS is a request the API does not know", async () => {
    twin = await startTwin("buildkite");
    const listed = await call(twin, LIST, { headers: { origin: APP } });
    expect({ status: listed.status, ...cors(listed.headers) }).toEqual({
      status: 200,
      origin: null,
      exposed: null,
      vary: null,
    });
    const asked = await call(twin, LIST, preflight(APP));
    expect({ status: asked.status, origin: asked.headers.get("access-control-allow-origin") }).toEqual({
      status: 404,
      origin: null,
    });
    expect(twin.requests.map((r) => r.method)).toEqual(["GET", "OPTIONS"]);
  });
});

describe("with cors", () => {
  it("an allowed origin is named on the answer, with the headers a client reads exposed", async () => {
    twin = await startTwin("buildkite", { cors: [APP, "http://other.test"] });
    const listed = await call(twin, `${LIST}?per_page=10`, { headers: { origin: APP } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("link")).toMatch(/rel="next"/);
    expect(cors(listed.headers)).toEqual({
      origin: APP,
      exposed: expect.arrayContaining([
        "link",
        "ratelimit-remaining",
        "ratelimit-reset",
        "retry-after",
        "x-request-id",
      ]),
      vary: "Origin",
    });
  });

  it("another origin gets the answer without them, for the browser to refuse", async () => {
    twin = await startTwin("buildkite", { cors: APP });
    const listed = await call(twin, LIST, { headers: { origin: "http://elsewhere.test" } });
    expect({ status: listed.status, ...cors(listed.headers) }).toEqual({
      status: 200,
      origin: null,
      exposed: null,
      vary: "Origin",
    });
  });

  it("* allows any origin, naming the one that asked", async () => {
    twin = await startTwin("buddy", { cors: "*" });
    const listed = await call(twin, "/workspaces/my-company/artifacts", { headers: { origin: "http://any.test" } });
    expect(cors(listed.headers).origin).toBe("http://any.test");
  });

  it.each([
    { api: "buildkite" as const, path: LIST, want: "GET, DELETE" },
    { api: "buddy" as const, path: "/workspaces/my-company/artifacts", want: "GET, POST, DELETE, PATCH" },
  ])(
    "$api: a preflight gets 204 with the API's methods (the description's order) and the headers asked, before auth, budgets and faults",
    async ({ api, path, want }) => {
      twin = await startTwin(api, { cors: APP, rateLimit: { limit: 1 }, faults: "503" });
      const asked = await call(twin, path, preflight(APP, "DELETE"));
      expect({
        status: asked.status,
        origin: asked.headers.get("access-control-allow-origin"),
        methods: asked.headers.get("access-control-allow-methods"),
        headers: asked.headers.get("access-control-allow-headers"),
        maxAge: asked.headers.get("access-control-max-age"),
        body: asked.text,
      }).toEqual({
        status: 204,
        origin: APP,
        methods: want,
        headers: "authorization,x-request-id",
        maxAge: "600",
        body: "",
      });
      expect({
        requests: twin.requests.length,
        received: twin.received.api,
        faults: twin.faults.injected.size,
      }).toEqual({
        requests: 0,
        received: 0,
        faults: 0,
      });
      // The request itself meets the fault, and the page can read that answer too.
      const answered = await call(twin, path, { headers: { origin: APP } });
      expect({ status: answered.status, origin: answered.headers.get("access-control-allow-origin") }).toEqual({
        status: 503,
        origin: APP,
      });
    },
  );

  it("the storage server's files carry them too, as a bucket's CORS rules give", async () => {
    twin = await startTwin("buildkite", { cors: APP });
    const one = `${LIST.replace(/artifacts$/, "")}jobs/aae578fe-994c-44e6-84da-4102616928ba/artifacts/76365070-34d5-4104-8b91-952780f8029f`;
    const location = (await call(twin, `${one}/download`)).headers.get("location");
    const file = await fetch(String(location), { headers: { origin: APP } });
    await file.arrayBuffer();
    expect({ status: file.status, origin: file.headers.get("access-control-allow-origin") }).toEqual({
      status: 200,
      origin: APP,
    });
    const asked = await fetch(String(location), {
      method: "OPTIONS",
      headers: { origin: APP, "access-control-request-method": "GET" },
    });
    expect({ status: asked.status, methods: asked.headers.get("access-control-allow-methods") }).toEqual({
      status: 204,
      methods: "GET",
    });
  });

  it.each([{ given: "localhost:5173" }, { given: "http://localhost:5173/app" }, { given: "ftp://files.test" }])(
    "refuses $given, naming it",
    async ({ given }) => {
      await expect(startTwin("buildkite", { cors: [APP, given] })).rejects.toThrow(
        `cors: ${JSON.stringify(given)} is not an origin such as http://localhost:5173 (scheme, host and port, no path), nor "*"`,
      );
      expect(() => parseCommand(["buildkite", "--cors", given])).toThrow(
        `--cors: ${JSON.stringify(given)} is not an origin`,
      );
    },
  );

  it("--cors, repeated, gives the origins", () => {
    const command = parseCommand(["buddy", "--cors", APP, "--cors", "*"]);
    expect(command).toMatchObject({ kind: "start", options: { cors: [APP, "*"] } });
  });
});
