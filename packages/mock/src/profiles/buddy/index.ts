import type { Profile } from "../types.js";
import { buddyHandlers } from "./handlers.js";
import { loadBuddy } from "./load.js";
import { render } from "./render.js";
import { seedBuddy } from "./seed.js";
import type { BuddyData, BuddyState, BuddyWhere } from "./types.js";
import { buddyError, buddyRateLimited, buddyRateLimitHeaders } from "./vendor.js";

export type { BuddyArtifactData, BuddyData, BuddyWhere, BuddyWorkspaceData } from "./types.js";

export const buddy: Profile<BuddyState, BuddyData, BuddyWhere> = {
  handlers: buddyHandlers,
  // The limit of the vendor's header examples (`X-Rate-Limit-Limit: 500`), per second.
  rateLimit: { limit: 500 },
  seed: seedBuddy,
  load: loadBuddy,
  snapshot: (state, base) => ({
    api: "buddy",
    workspaces: [...state.workspaces.values()].map((workspace) => ({
      workspace: workspace.name,
      artifacts: workspace.artifacts.map((artifact) => render(artifact, base)),
    })),
  }),
  // Artifact versions and their files are out of the description's scope.
  file: () => undefined,
  error: buddyError,
  rateLimitHeaders: buddyRateLimitHeaders,
  rateLimited: buddyRateLimited,
  describe(data) {
    return data.workspaces.map((w) => `${w.artifacts.length} artifacts in workspace ${w.workspace}`).join(", ");
  },
  samplePath(data) {
    return `/workspaces/${encodeURIComponent(data.workspaces[0]?.workspace ?? "my-company")}/artifacts`;
  },
};
