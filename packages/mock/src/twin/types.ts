import type { TwinApi } from "../apis.js";
import type { FaultControl } from "../faults/select.js";
import type { FaultPicker, FaultRule } from "../faults/types.js";
import type { RecordedRequest } from "../http/record.js";
import type { TwinDataOf, TwinWhereOf } from "../profiles/index.js";
import type { RateLimitOptions } from "../rate-limit/index.js";

export interface TwinOptions<A extends TwinApi = TwinApi> {
  /** 0 (the default) takes a free port; the chosen one is in `url`. */
  port?: number;
  /** Default `127.0.0.1`: the twin is not reachable from other machines. */
  host?: string;
  /** The API root below the origin, such as `/v2` (Buildkite's) or `/api` (a self-hosted Buddy). Default: none. */
  basePath?: string;
  /** The token the twin accepts, with every scope. Default {@link DEFAULT_TOKEN}. */
  token?: string;
  /** More tokens, each with only the scopes listed (the operations' security scopes, such as `read_artifacts`). */
  tokens?: Readonly<Record<string, readonly string[]>>;
  /** The seed of the data and of the faults' draws. Default 1. */
  seed?: number;
  /** Artifacts the seed makes. Default 120 for Buildkite, 12 for Buddy. */
  artifacts?: number;
  /** Where the seed puts them (a build, a workspace). Default: the description's parameter examples. */
  where?: TwinWhereOf[A];
  /** Data to serve instead of the seed's: an object, or the path of a JSON or YAML file. */
  data?: TwinDataOf[A] | string;
  /** Budgets per window; `false` for none. Default: the vendor's budget, per second. */
  rateLimit?: RateLimitOptions | false;
  /** Faults from the start: rules, pickers, or the command line's text. */
  faults?: readonly (FaultRule | FaultPicker | string)[] | string;
  /** How long a presigned download URL lives. Default 60, as Buildkite says to assume. */
  presignTtlSeconds?: number;
  /** Where files are served: a second server of their own (the default, as S3 is to Buildkite), or the API's. */
  storage?: "own-origin" | "api-origin";
  /** The storage server's port, when it has its own. Default 0 (a free one). */
  storagePort?: number;
  /**
   * Origins whose pages may call the twin from a browser (CORS), such as `http://localhost:5173`,
   * or `*` for any. Default: none, as the vendors' APIs are called from servers.
   */
  cors?: string | readonly string[];
  /** Keep every request in `requests`. Default true. */
  record?: boolean;
  /** Called with each request as it arrives (the command line logs them). */
  onRequest?: (request: RecordedRequest) => void;
}

export interface Twin<A extends TwinApi = TwinApi> {
  readonly api: A;
  /** The root to give a client as `baseUrl`: origin and base path, such as `http://127.0.0.1:4011`. */
  readonly url: string;
  readonly origin: string;
  /** Where downloads point: the storage server's origin (the API's when `storage` is `api-origin`). */
  readonly storageOrigin: string;
  /** The token to send as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** The data as the twin started, every URL on its own origin: what a list or get answers. */
  readonly seed: TwinDataOf[A];
  /** The data now, after the creates, updates and deletes so far. */
  data(): TwinDataOf[A];
  readonly faults: FaultControl;
  /** Every request, oldest first (when `record` is on). */
  readonly requests: readonly RecordedRequest[];
  /** Requests received by each server, recorded or not. */
  readonly received: { readonly api: number; readonly storage: number };
  /** Forgets the requests recorded and counted so far. */
  resetRequests(): void;
  /** Closes every open connection; the twin keeps listening. */
  dropConnections(): Promise<void>;
  /** Stops both servers; resolves once every connection is closed. Safe to call more than once. */
  close(): Promise<void>;
}
