import { ApiError, createBuildkiteClient, ResponseError } from "@ci-artifacts/client/buildkite";
import { download, getDownloadUrl } from "@ci-artifacts/client/download";
import type { CustomFault, FaultExchange, Twin } from "@ci-artifacts/mock";
import { afterEach, describe, expect, it } from "vitest";
import {
  apiRequests,
  artifactsOf,
  BUILD,
  BUILDKITE_TOKEN,
  closeTwins,
  finishedOf,
  idsOf,
  sha1,
  startBuildkite,
  storageRequests,
} from "./support/twin.js";

afterEach(closeTwins);

/** The download operation answering `status` with `body`, and the twin's own headers but those `drop` names. */
function downloadAnswer(
  status: number,
  body: (exchange: FaultExchange, answered: Record<string, unknown>) => unknown,
  drop: string[] = [],
): CustomFault {
  return {
    kind: `download ${status}`,
    act: async (exchange) => {
      const answer = await exchange.answer();
      const text = JSON.stringify(body(exchange, JSON.parse(String(answer.body)) as Record<string, unknown>));
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !drop.includes(name)));
      exchange.response.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(text)) }).end(text);
    },
  };
}

describe("downloads", () => {
  // The second finished artifact: not the first of the list.
  const chosen = (twin: Twin<"buildkite">) => finishedOf(twin)[1]!;

  it.each([
    { name: "by ids", given: (twin: Twin<"buildkite">) => idsOf(chosen(twin)) },
    { name: "by a list item", given: (twin: Twin<"buildkite">) => chosen(twin) },
  ])("$name: never sends the token, or any credential, to the storage host", async ({ given }) => {
    const { twin, bk } = await startBuildkite();
    // A middleware that adds credentials to everything: the storage host still gets none.
    bk.use({ onRequest: ({ request }) => void request.headers.set("cookie", "session=1") });
    const response = await download(bk, given(twin));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect({ size: bytes.byteLength, sha1: sha1(bytes) }).toEqual({
      size: chosen(twin).file_size,
      sha1: chosen(twin).sha1sum,
    });
    const sent = storageRequests(twin);
    expect(sent).toHaveLength(1);
    expect({
      authorization: sent[0]?.headers.authorization,
      cookie: sent[0]?.headers.cookie,
      token: JSON.stringify(sent).includes(BUILDKITE_TOKEN),
    }).toEqual({
      authorization: undefined,
      cookie: undefined,
      token: false,
    });
    expect(apiRequests(twin).map((r) => r.headers.authorization)).toEqual([`Bearer ${BUILDKITE_TOKEN}`]);
  });

  it("middleware and a custom fetch see both requests, the storage one already without the token", async () => {
    const { twin } = await startBuildkite();
    const seen: string[] = [];
    const bk = createBuildkiteClient({
      token: BUILDKITE_TOKEN,
      baseUrl: twin.url,
      fetch: (request, init) => {
        seen.push(`fetch ${new URL(request.url).origin} ${request.headers.get("authorization")}`);
        return fetch(request, init);
      },
    });
    bk.use({ onRequest: ({ request }) => void seen.push(`middleware ${new URL(request.url).origin}`) });
    await (await download(bk, finishedOf(twin)[0]!)).arrayBuffer();
    expect(seen).toEqual([
      `middleware ${twin.origin}`,
      `fetch ${twin.origin} Bearer ${BUILDKITE_TOKEN}`,
      `middleware ${twin.storageOrigin}`,
      `fetch ${twin.storageOrigin} null`,
    ]);
  });

  it("refuses a list item whose download_url is on another origin, before any request", async () => {
    const { twin, bk } = await startBuildkite();
    const artifact = { ...artifactsOf(twin)[0]!, download_url: "https://elsewhere.test/v2/download" };
    await expect(getDownloadUrl(bk, artifact)).rejects.toThrow(/is not on the API's origin/);
    expect(twin.requests).toHaveLength(0);
  });

  it.each([
    {
      name: "Location missing: the body's url is used",
      given: downloadAnswer(302, (_exchange, answered) => answered, ["location"]),
      want: (twin: Twin<"buildkite">) =>
        new RegExp(`^${twin.storageOrigin}/twin-artifacts/${artifactsOf(twin)[0]!.id}/[^?]+\\?X-Amz-`),
    },
    {
      name: "neither Location nor url: ResponseError",
      given: downloadAnswer(302, () => ({}), ["location"]),
      want: () => "missing-location",
    },
    {
      name: "a 200 instead of the redirect: ResponseError",
      given: downloadAnswer(200, () => ({}), ["location"]),
      want: () => "unexpected-status",
    },
  ])("getDownloadUrl, $name", async ({ given, want }) => {
    const { twin, bk } = await startBuildkite({ faults: [{ fault: given, route: "downloadArtifact" }] });
    const result = await getDownloadUrl(bk, idsOf(artifactsOf(twin)[0]!)).catch((e: unknown) =>
      e instanceof ResponseError ? e.problem : (e as Error).message,
    );
    expect(result).toMatch(want(twin));
    expect(twin.faults.injected.get(given.kind)).toBe(1);
  });

  it("getDownloadUrl, a 404: ApiError with the vendor's body", async () => {
    const { twin, bk } = await startBuildkite();
    const job = artifactsOf(twin)[0]!.job_id;
    const error = await getDownloadUrl(bk, {
      ...BUILD,
      job_id: job,
      artifact_id: "00000000-0000-4000-8000-000000000000",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, body: { message: "No artifact found" } });
    expect((error as Error).message).toMatch(/HTTP 404: No artifact found$/);
  });

  it("a storage error is an ApiError naming the storage path without its signature", async () => {
    const { twin, bk } = await startBuildkite();
    // An artifact that never finished uploading has no file: the storage host answers NoSuchKey.
    const artifact = artifactsOf(twin).find((a) => a.state !== "finished")!;
    const error = await download(bk, artifact).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      path: `${twin.storageOrigin}/twin-artifacts/${artifact.id}/${artifact.filename}`,
    });
    expect((error as Error).message).not.toContain("Signature");
    expect(storageRequests(twin).map((r) => r.status)).toEqual([404]);
  });

  it("an abort while the file streams errors the stream with the caller's reason", async () => {
    const { twin, bk } = await startBuildkite();
    const artifact = finishedOf(twin)[0]!;
    const whole = new Uint8Array(await (await download(bk, artifact)).arrayBuffer());
    // The next file request gets its headers and 14 bytes, then nothing more.
    twin.faults.add({ fault: { type: "stall", bytes: 14 }, route: "storage", count: 1 });
    const controller = new AbortController();
    const response = await download(bk, artifact, { signal: controller.signal });
    const reader = response.body!.getReader();
    const received: number[] = [];
    while (received.length < 14) {
      const { value, done } = await reader.read();
      if (done) break;
      received.push(...value);
    }
    expect(new Uint8Array(received)).toEqual(whole.subarray(0, 14));
    controller.abort(new Error("user gave up"));
    await expect(reader.read()).rejects.toThrow("user gave up");
    expect(twin.faults.injected.get("stall")).toBe(1);
  });

  it("where redirects are opaque (browsers), refuses instead of following with the token", async () => {
    const sent: string[] = [];
    const job = "aae578fe-994c-44e6-84da-4102616928ba";
    const bk = createBuildkiteClient({
      token: BUILDKITE_TOKEN,
      fetch: async (request) => {
        sent.push(`${request.redirect} ${request.url}`);
        // What a browser's fetch gives for redirect: "manual".
        return Object.defineProperty(new Response(null, { status: 200 }), "type", { value: "opaqueredirect" });
      },
    });
    const error = await download(bk, { ...BUILD, job_id: job, artifact_id: "a" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ problem: "unreadable-redirect" });
    expect(sent).toEqual([
      `manual https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/42/jobs/${job}/artifacts/a/download`,
    ]);
  });
});
