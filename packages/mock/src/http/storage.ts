/**
 * The storage route: the files behind the presigned URLs the download answers with, served as S3
 * serves them (no `Authorization` needed or looked at; the URL's own signature and expiry decide),
 * with S3's XML errors.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 */
import { bytesOf, digestOf } from "../storage/content.js";
import type { TwinCore } from "./core.js";
import type { TwinResponse } from "./response.js";

export const STORAGE_ROUTE = "/twin-artifacts/:id/:name";

function s3Error(status: number, code: string, message: string, resource: string): TwinResponse {
  const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return {
    status,
    headers: { "content-type": "application/xml" },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xml(message)}</Message><Resource>${xml(resource)}</Resource></Error>\n`,
  };
}

export function answerStorage(core: TwinCore, url: URL): TwinResponse {
  const verdict = core.presigner.verify(url, core.now());
  if (!verdict.ok) return s3Error(verdict.status, verdict.code, verdict.message, url.pathname);
  const file = core.profile.file(core.state, url.pathname);
  if (!file) return s3Error(404, "NoSuchKey", "The specified key does not exist.", url.pathname);
  const bytes = bytesOf(file.content);
  return {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename.replace(/["\\\r\n]/g, "_")}"`,
      etag: `"${digestOf(file.content, bytes)}"`,
    },
    body: bytes,
  };
}
