/** What the probes must find and print, from the bundles through `@ci-artifacts/spec`. */
import { findOperation, isObject } from "@ci-artifacts/spec";
import { routes } from "./answers.js";

function body(document: unknown, operationId: string): unknown {
  const route = routes(document).find((r) => r.operation.operationId === operationId);
  if (!route) throw new Error(`no operation ${operationId}`);
  return route.answer.body;
}

function ids(value: unknown): string[] {
  if (!Array.isArray(value)) throw new Error("expected a list of artifacts");
  return value.map((item) => (isObject(item) ? String(item.id) : ""));
}

function id(value: unknown): string {
  return isObject(value) ? String(value.id) : "";
}

export function expectedCalls(buddy: unknown, buildkite: unknown) {
  const buddyList = body(buddy, "listArtifacts");
  return {
    buddy: { list: ids(isObject(buddyList) ? buddyList.artifacts : undefined), get: id(body(buddy, "getArtifact")) },
    buildkite: { list: ids(body(buildkite, "listBuildArtifacts")), get: id(body(buildkite, "getArtifact")) },
  };
}

/** The download's example `Location`, on the test server's storage stand-in. */
export function expectedDownloadPath(buildkite: unknown): string {
  const route = routes(buildkite).find((r) => r.operation.operationId === "downloadArtifact");
  const location = route?.answer.headers.location;
  if (!location || !findOperation(buildkite, "downloadArtifact"))
    throw new Error("downloadArtifact has no Location example");
  return location.replace(/^https?:\/\//, "");
}
