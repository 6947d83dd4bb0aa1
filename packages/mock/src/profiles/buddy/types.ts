/** One artifact as the API answers it (its detailed form); the URLs may be left out, the twin writes its own. */
export type BuddyArtifactData = Record<string, unknown>;

export interface BuddyWorkspaceData {
  workspace: string;
  artifacts: BuddyArtifactData[];
}

/** The data of a Buddy twin: `--data file.json`, `data` in code, or `twin.seed`. */
export interface BuddyData {
  api?: "buddy";
  workspaces: BuddyWorkspaceData[];
}

/** Which workspace the seed fills; left out, the description's parameter example. */
export interface BuddyWhere {
  workspace?: string;
}

export interface StoredBuddyArtifact {
  /** The artifact without its URLs (nor those of its project and environment), written per answer. */
  record: Record<string, unknown>;
  workspace: Workspace;
}

export interface Workspace {
  name: string;
  /** In the order created. */
  artifacts: StoredBuddyArtifact[];
  byId: Map<string, StoredBuddyArtifact>;
  /** Projects and environments that artifacts name, by name and by id, for the artifacts created later. */
  projects: Map<string, Record<string, unknown>>;
  environments: Map<string, Record<string, unknown>>;
}

export interface BuddyState {
  workspaces: Map<string, Workspace>;
}
