// A hostile server: artifact paths that would climb out of --out, or name an absolute place, are
// refused and reported; nothing is written outside --out, and the rest still downloads.
import { join } from "node:path";
import { startTwin } from "@ci-artifacts/mock";
import { afterAll, beforeAll, expect, it } from "vitest";
import { assertBuilt, filesUnder, run, scratch } from "./support.js";

let place: Awaited<ReturnType<typeof scratch>>;
beforeAll(async () => {
  assertBuilt();
  place = await scratch();
});
afterAll(() => place?.remove());

it("refuses and reports each path that would leave --out, writes nothing outside, and exits 1", async () => {
  const out = join(place.dir, "out");
  const outside = join(place.dir, "outside", "absolute.txt");
  // An absolute path in the scratch folder, as /etc/passwd would be elsewhere: a broken check
  // writes there, where the test sees it, and not into the machine's /etc (targetOf's unit cases
  // cover /etc/x).
  const hostile = ["../escape.txt", "dist/../../escape-2.txt", "..\\escape-3.txt", outside, "dist/..", "./"];
  const fine = ["ok/fine.txt", "dist/./app.js"];
  const twin = await startTwin("buildkite", {
    data: {
      api: "buildkite",
      builds: [
        {
          org_slug: "acme",
          pipeline_slug: "web",
          build_number: 42,
          artifacts: [...hostile, ...fine].map((path) => ({ path, content: `bytes of ${path}\n` })),
        },
      ],
    },
  });
  try {
    const { code, stdout, stderr } = await run(
      ["buildkite", "download", "acme/web/42", "--base-url", twin.url, "--out", out],
      { env: { BUILDKITE_API_TOKEN: twin.token } },
    );
    // Nothing anywhere but the two files, below --out.
    expect(await filesUnder(place.dir)).toEqual(["out/dist/app.js", "out/ok/fine.txt"]);
    expect(code).toBe(1);
    expect(stderr).toContain("refused ../escape.txt: the path climbs out with '..'; it would be written outside --out");
    expect(stderr).toContain("refused dist/../../escape-2.txt: the path climbs out with '..'");
    expect(stderr).toContain("refused ..\\escape-3.txt: the path climbs out with '..'");
    expect(stderr).toContain(`refused ${outside}: the path is absolute; it would be written outside --out`);
    expect(stderr).toContain("refused dist/..: the path climbs out with '..'");
    expect(stderr).toContain("refused ./: the path names no file");
    expect(stderr).toMatch(/2 downloaded \(.*\), 0 already there, 6 refused in .* s; some files are missing/);
    expect(stdout).toContain("downloaded ok/fine.txt (");
    expect(stdout).toContain("downloaded dist/./app.js (");
    // A refused file is never even asked for.
    expect(twin.requests.filter((r) => r.route === "downloadArtifact")).toHaveLength(2);
  } finally {
    await twin.close();
  }
});
