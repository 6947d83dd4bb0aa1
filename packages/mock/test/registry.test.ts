// Every API this repository describes has a twin, and the twin serves no other.
import { apiNames } from "@ci-artifacts/spec/registry";
import { expect, it } from "vitest";
import { TWIN_APIS } from "../src/index.js";

it("serves exactly the APIs of redocly.yaml's apis:", () => {
  expect([...TWIN_APIS].sort()).toEqual(apiNames().sort());
});
