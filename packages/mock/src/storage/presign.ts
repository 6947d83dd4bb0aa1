/**
 * Presigned URLs in the form of S3's query-string authentication, signed with a key that lives
 * as long as the twin: the URL names its own date and lifetime, and the storage route refuses it
 * once that has passed or when any part of it was changed.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** S3's `YYYYMMDDTHHMMSSZ`. */
function amzDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, "").replace(".000", "");
}

function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

export type Verdict =
  | { ok: true }
  | { ok: false; status: 400 | 403; code: string; message: string; expiredAt?: number };

export interface Presigner {
  /** The URL of `path` on `origin`, valid for the twin's lifetime setting from `now`. */
  sign(origin: string, path: string, now: number): string;
  verify(url: URL, now: number): Verdict;
}

export function createPresigner(ttlSeconds: number): Presigner {
  const key = randomBytes(32);
  const signature = (path: string, date: string, expires: string) =>
    createHmac("sha256", key).update(`${path}\n${date}\n${expires}`).digest("hex");
  return {
    sign(origin, path, now) {
      const date = amzDate(now);
      const expires = String(ttlSeconds);
      const query = new URLSearchParams({
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Date": date,
        "X-Amz-Expires": expires,
        "X-Amz-SignedHeaders": "host",
        "X-Amz-Signature": signature(path, date, expires),
      });
      return `${origin}${path}?${query}`;
    },
    verify(url, now) {
      const date = url.searchParams.get("X-Amz-Date");
      const expires = url.searchParams.get("X-Amz-Expires");
      const given = url.searchParams.get("X-Amz-Signature");
      if (date === null || expires === null || given === null) {
        return {
          ok: false,
          status: 400,
          code: "AuthorizationQueryParametersError",
          message: "Query-string authentication requires the X-Amz-Date, X-Amz-Expires and X-Amz-Signature parameters.",
        };
      }
      const wanted = Buffer.from(signature(url.pathname, date, expires));
      const offered = Buffer.from(given);
      if (wanted.length !== offered.length || !timingSafeEqual(wanted, offered)) {
        return {
          ok: false,
          status: 403,
          code: "SignatureDoesNotMatch",
          message: "The request signature we calculated does not match the signature you provided.",
        };
      }
      const signedAt = parseAmzDate(date) ?? Number.NaN;
      const expiredAt = signedAt + Number(expires) * 1000;
      if (!(now < expiredAt))
        return { ok: false, status: 403, code: "AccessDenied", message: "Request has expired", expiredAt };
      return { ok: true };
    },
  };
}
