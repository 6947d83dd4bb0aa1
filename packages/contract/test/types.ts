// Type-checked by `tsc -p tsconfig.json` (test:types), never run: each @ts-expect-error must error.

import { type OperationId, type RequestOperationId, validateRequest, validateResponse } from "@ci-artifacts/contract";
import { expect } from "vitest";
import "@ci-artifacts/contract/vitest";

const buildkiteOperations: OperationId<"buildkite">[] = [
  "listBuildArtifacts",
  "listJobArtifacts",
  "getArtifact",
  "deleteArtifact",
  "downloadArtifact",
];
const buddyBodies: RequestOperationId<"buddy">[] = ["createArtifact", "updateArtifact"];
void buildkiteOperations;
void buddyBodies;

validateResponse("buildkite", "downloadArtifact", 302, {});
// @ts-expect-error listArtifacts is Buddy's; Buildkite's are listBuildArtifacts and listJobArtifacts
validateResponse("buildkite", "listArtifacts", 200, []);
// @ts-expect-error getArtifact takes no request body
validateRequest("buddy", "getArtifact", {});
// @ts-expect-error Buildkite's operations take no request body
validateRequest("buildkite", "deleteArtifact", undefined);

expect({}).toMatchResponse("buddy", "listArtifacts", 200);
expect({}).not.toMatchRequest("buddy", "createArtifact");
// @ts-expect-error unknown operationId
expect({}).toMatchResponse("buddy", "listBuildArtifacts", 200);
// @ts-expect-error the status is a number
expect({}).toMatchResponse("buddy", "listArtifacts", "200");
// @ts-expect-error unknown API
expect({}).toMatchRequest("gitlab", "createArtifact");

const downloaded = validateResponse("buildkite", "downloadArtifact", 200, {}, { strict: true, allowDefault: true });
const selected: string | undefined = downloaded.response;
const undeclared: boolean = downloaded.undeclared;
void selected;
void undeclared;
validateRequest("buddy", "createArtifact", {}, { strict: true });
// @ts-expect-error a request has no status, so no default response to allow
validateRequest("buddy", "createArtifact", {}, { allowDefault: true });
// @ts-expect-error a misspelt option
validateResponse("buddy", "getArtifact", 200, {}, { strcit: true });
expect({}).toMatchResponse("buildkite", "downloadArtifact", 200, { allowDefault: true });
expect({}).toMatchRequest("buddy", "createArtifact", { strict: true });
// @ts-expect-error toMatchRequest takes no allowDefault
expect({}).toMatchRequest("buddy", "createArtifact", { allowDefault: true });
