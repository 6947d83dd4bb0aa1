// In your project: a vitest suite that checks the bodies your code sends and answers.
import { describe, expect, it } from "vitest";
import { validateRequest, validateResponse } from "@ci-artifacts/contract";
import "@ci-artifacts/contract/vitest";

// The code under test: a stand-in for Buddy that your integration tests talk to.
function fakeBuddyArtifact(name: string) {
  return {
    url: `https://api.buddy.works/workspaces/acme/artifacts/${name}`,
    html_url: `https://app.buddy.works/acme/-/artifacts/${name}/versions`,
    id: name,
    name,
    identifier: name,
    type: "BUCKET",
    scope: "WORKSPACE",
    authorization: { type: "BASIC", user: "ci" },
  };
}

describe("our Buddy stand-in", () => {
  it("answers getArtifact the way Buddy does", () => {
    expect(fakeBuddyArtifact("site")).toMatchResponse("buddy", "getArtifact", 200);
  });

  it("would be caught echoing the write-only password", () => {
    const leaky = { ...fakeBuddyArtifact("site"), authorization: { type: "BASIC", user: "ci", password: "hunter2" } };
    expect(leaky).not.toMatchResponse("buddy", "getArtifact", 200);

    const { valid, errors } = validateResponse("buddy", "getArtifact", 200, leaky);
    expect(valid).toBe(false);
    expect(errors.map((e) => e.pointer)).toEqual(["/authorization/password"]);
  });
});

describe("the requests our code builds", () => {
  it("creates artifacts with a body Buddy accepts", () => {
    expect({ name: "site", type: "BUCKET", scope: "WORKSPACE" }).toMatchRequest("buddy", "createArtifact");
  });

  it("does not send server-set fields back", () => {
    const body = { retention_rules: [{ id: 7, type: "KEEP_BY_COUNT", value: 10 }] };
    expect(validateRequest("buddy", "updateArtifact", body).errors).toEqual([
      expect.objectContaining({ pointer: "/retention_rules/0/id", keyword: "x-contract-forbidden" }),
    ]);
  });
});
