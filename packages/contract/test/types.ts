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
