/**
 * The servers the client is held to: the twins of @ci-artifacts/mock, one per API, whose fault
 * injection decides per request what it meets. Each twin has two servers, the API's origin and
 * the storage origin its downloads point at (as S3 is to Buildkite), and records every request
 * with the headers it carried, so a test can prove what reached each (a token, a second attempt).
 */
import { type Fault, type RecordedRequest, startTwin, type Twin } from "@ci-artifacts/mock";
import { BUDDY_ROOT, BUILDKITE_ROOT, buddyData, buildkiteData } from "./data.js";

/** The requests one kind of server (API or storage) of a twin received, and the faults they met. */
export interface ServerView {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  readonly received: number;
  readonly injected: ReadonlyMap<string, number>;
}

export interface TwinsOptions {
  token: string;
  /** Artifacts in the build. */
  artifacts: number;
  /** Buddy artifacts that updates name, by number. */
  updates?: Iterable<number>;
  /** Picks a fault for each request, by the server (`api` or `storage`) and its index there. */
  fault?: (request: RecordedRequest, index: number) => Fault | undefined;
  record?: boolean;
}

export interface Twins {
  buildkite: Twin<"buildkite">;
  buddy: Twin<"buddy">;
  /** The client's baseUrl for each API. */
  urls: { buildkite: string; buddy: string };
  /** What one twin's API server (`api`) or storage server (`storage`) saw. */
  view(api: "buildkite" | "buddy", listener: "api" | "storage"): ServerView;
  dropConnections(): Promise<void>;
  close(): Promise<void>;
}

export async function startTwins(options: TwinsOptions): Promise<Twins> {
  const common = {
    token: options.token,
    rateLimit: false as const,
    record: options.record ?? true,
    ...(options.fault ? { faults: [options.fault] } : {}),
  };
  const [buildkite, buddy] = await Promise.all([
    startTwin("buildkite", { ...common, basePath: BUILDKITE_ROOT, data: buildkiteData(options.artifacts) }),
    startTwin("buddy", { ...common, basePath: BUDDY_ROOT, data: buddyData(options.updates ?? [1]) }),
  ]);
  const view = (api: "buildkite" | "buddy", listener: "api" | "storage"): ServerView => {
    const twin = api === "buildkite" ? buildkite : buddy;
    return {
      origin: listener === "api" ? twin.origin : twin.storageOrigin,
      get requests() {
        return twin.requests.filter((r) => r.listener === listener);
      },
      get received() {
        return twin.received[listener];
      },
      injected: twin.faults.injected,
    };
  };
  return {
    buildkite,
    buddy,
    urls: { buildkite: buildkite.url, buddy: buddy.url },
    view,
    dropConnections: async () => void (await Promise.all([buildkite.dropConnections(), buddy.dropConnections()])),
    close: async () => void (await Promise.all([buildkite.close(), buddy.close()])),
  };
}
