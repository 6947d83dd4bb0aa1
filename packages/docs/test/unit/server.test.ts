import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentType, startServer } from "../../lib/server.mjs";

/** One raw request: the path goes on the wire as written, with no client-side normalisation. */
function send(base: string, method: string, rawPath: string) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; type: string | undefined; location: string | undefined; body: string }>(
    (resolve, reject) => {
      const req = request({ host: hostname, port, method, path: rawPath }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers["content-type"],
            location: res.headers.location,
            body,
          }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}

describe("static server", () => {
  let dir: string;
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "docs-server-"));
    const root = path.join(dir, "site");
    mkdirSync(path.join(root, "buddy"), { recursive: true });
    writeFileSync(path.join(root, "index.html"), "<p>home</p>");
    writeFileSync(path.join(root, "buddy", "index.html"), "<p>buddy</p>");
    writeFileSync(path.join(root, "buddy", "buddy.yaml"), "openapi: 3.1.0\n");
    writeFileSync(path.join(root, "site.css"), "body{}");
    writeFileSync(path.join(root, "a b.json"), "{}");
    writeFileSync(path.join(dir, "secret.txt"), "secret");
    symlinkSync(path.join(dir, "secret.txt"), path.join(root, "link.txt"));
    server = await startServer({ root });
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves on 127.0.0.1 with a free port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it.each([
    {
      name: "the root folder by its index.html",
      given: ["GET", "/"],
      want: { status: 200, type: "text/html; charset=utf-8", body: "<p>home</p>" },
    },
    {
      name: "a file with its query string ignored",
      given: ["GET", "/site.css?v=1"],
      want: { status: 200, type: "text/css; charset=utf-8", body: "body{}" },
    },
    {
      name: "a bundle as YAML",
      given: ["GET", "/buddy/buddy.yaml"],
      want: { status: 200, type: "application/yaml; charset=utf-8", body: "openapi: 3.1.0\n" },
    },
    {
      name: "a percent-encoded name",
      given: ["GET", "/a%20b.json"],
      want: { status: 200, type: "application/json; charset=utf-8", body: "{}" },
    },
    {
      name: "a folder with its slash",
      given: ["GET", "/buddy/"],
      want: { status: 200, type: "text/html; charset=utf-8", body: "<p>buddy</p>" },
    },
    {
      name: "a folder without its slash, redirected",
      given: ["GET", "/buddy"],
      want: { status: 301, location: "/buddy/" },
    },
    {
      name: "HEAD without a body",
      given: ["HEAD", "/site.css"],
      want: { status: 200, type: "text/css; charset=utf-8", body: "" },
    },
    { name: "a missing file", given: ["GET", "/nope.html"], want: { status: 404 } },
    { name: "a climb out of the root", given: ["GET", "/../secret.txt"], want: { status: 404 } },
    { name: "an encoded climb", given: ["GET", "/%2e%2e/secret.txt"], want: { status: 404 } },
    { name: "a climb with an encoded slash", given: ["GET", "/buddy/..%2f..%2fsecret.txt"], want: { status: 404 } },
    { name: "a backslash climb", given: ["GET", "/..%5csecret.txt"], want: { status: 404 } },
    { name: "a NUL byte", given: ["GET", "/index.html%00.css"], want: { status: 404 } },
    { name: "a malformed escape", given: ["GET", "/%zz"], want: { status: 404 } },
    { name: "a symbolic link pointing outside", given: ["GET", "/link.txt"], want: { status: 404 } },
    { name: "a write", given: ["POST", "/index.html"], want: { status: 405 } },
  ])("answers $name", async ({ given: [method, rawPath], want }) => {
    const got = await send(server.url, method!, rawPath!);
    expect(got).toMatchObject(want);
    expect(got.body).not.toContain("secret");
  });
});

describe("contentType", () => {
  it.each([
    { name: "HTML", given: "index.html", want: "text/html; charset=utf-8" },
    { name: "an upper-case extension", given: "LOGO.SVG", want: "image/svg+xml" },
    { name: "dereferenced JSON", given: "buddy.dereferenced.json", want: "application/json; charset=utf-8" },
    { name: "an unknown extension", given: "archive.tgz", want: "application/octet-stream" },
  ])("$name", ({ given, want }) => {
    expect(contentType(given)).toBe(want);
  });
});
