/** The MIME type an agent would give a file, by its extension; only what artifact paths commonly hold. */
const TYPES: Record<string, string> = {
  gz: "application/x-gzip",
  tgz: "application/x-gzip",
  tar: "application/x-tar",
  zip: "application/zip",
  png: "image/png",
  jpg: "image/jpeg",
  svg: "image/svg+xml",
  json: "application/json",
  xml: "application/xml",
  html: "text/html",
  js: "application/javascript",
  css: "text/css",
  log: "text/plain",
  txt: "text/plain",
  info: "text/plain",
};

export function mimeOf(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && TYPES[ext]) ?? "application/octet-stream";
}
