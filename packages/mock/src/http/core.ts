import type { ApiDocument } from "../document/load.js";
import type { Faults } from "../faults/select.js";
import type { AnyProfile } from "../profiles/index.js";
import type { Random } from "../random.js";
import type { Budgets } from "../rate-limit/index.js";
import type { Presigner } from "../storage/presign.js";
import type { Tokens } from "./auth.js";
import type { CorsOrigins } from "./cors.js";
import type { Recorder } from "./record.js";

/** What every route of a twin shares. */
export interface TwinCore {
  doc: ApiDocument;
  profile: AnyProfile;
  /** The profile's data, which the handlers change. */
  state: unknown;
  /** The API root below the origin, such as `/v2`; empty for none. */
  basePath: string;
  budgets: Budgets | undefined;
  /** The budgets per window, as configured (a fault's 429 names them even when none is counted). */
  limits: { limit: number; userLimit?: number | undefined };
  faults: Faults;
  recorder: Recorder;
  presigner: Presigner;
  /** Draws made while answering (new ids): the seed's own stream. */
  random: Random;
  tokens: Tokens;
  /** The origins a browser page may call from; undefined for no CORS. */
  cors: CorsOrigins | undefined;
  /** The servers' origins, known once they listen. */
  origins: { api: string; storage: string };
  now(): number;
}
