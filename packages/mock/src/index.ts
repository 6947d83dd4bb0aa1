/**
 * A stateful twin of the Buddy.works and Buildkite artifact APIs, read from and checked against
 * their descriptions (`@ci-artifacts/openapi`).
 */
export { DEFAULT_PORTS, isTwinApi, TWIN_APIS, type TwinApi } from "./apis.js";
export { FaultSyntaxError, parseFaults } from "./faults/config.js";
export type { FaultControl } from "./faults/select.js";
export {
  type CustomFault,
  type Fault,
  type FaultAction,
  type FaultExchange,
  type FaultPicker,
  type FaultRule,
  kindOf as faultKind,
} from "./faults/types.js";
export type { RecordedRequest } from "./http/record.js";
export type { TwinResponse } from "./http/response.js";
export type {
  BuddyArtifactData,
  BuddyData,
  BuddyWhere,
  BuddyWorkspaceData,
  BuildkiteArtifactData,
  BuildkiteBuildData,
  BuildkiteData,
  BuildkiteWhere,
  TwinDataOf,
  TwinWhereOf,
} from "./profiles/index.js";
export { DataError } from "./profiles/types.js";
export type { RateLimitOptions } from "./rate-limit/index.js";
export { DEFAULT_ARTIFACTS, DEFAULT_TOKEN, startTwin } from "./twin/start.js";
export type { Twin, TwinOptions } from "./twin/types.js";
