import type { TwinApi } from "../apis.js";
import { buddy } from "./buddy/index.js";
import { buildkite } from "./buildkite/index.js";
import type { Profile } from "./types.js";

export type { BuddyArtifactData, BuddyData, BuddyWhere, BuddyWorkspaceData } from "./buddy/index.js";
export type { BuildkiteArtifactData, BuildkiteBuildData, BuildkiteData, BuildkiteWhere } from "./buildkite/index.js";

/** The data of each API's twin, and where its seed goes. */
export interface TwinDataOf {
  buddy: import("./buddy/index.js").BuddyData;
  buildkite: import("./buildkite/index.js").BuildkiteData;
}
export interface TwinWhereOf {
  buddy: import("./buddy/index.js").BuddyWhere;
  buildkite: import("./buildkite/index.js").BuildkiteWhere;
}

// biome-ignore lint/suspicious/noExplicitAny: each profile keeps its own state type; the twin only passes it back.
export type AnyProfile = Profile<any, any, any>;

export const PROFILES: Readonly<Record<TwinApi, AnyProfile>> = { buddy, buildkite };
