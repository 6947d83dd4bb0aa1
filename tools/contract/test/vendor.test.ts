import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bundle, repoRoot } from "./bundles.js";

interface VendorPayload {
  file: string;
  page: string;
  api: string;
  operation: string;
  direction: "request" | "response";
  status?: string;
  register?: string;
  fails?: { pointer: string; keyword: string };
  redacted?: string;
}

const folder = fileURLToPath(new URL("fixtures/vendor/", import.meta.url));
// The vendor pages, as copied into the repository with their URL and date (spec/sources/README.md).
const pagesFolder = join(repoRoot, "spec", "sources");
const HEADER = "-----\n";
/** A source file is a header (URL, date, changes) ended by a line of dashes, then the page verbatim. */
const pageText = (page: string) => {
  const text = readFileSync(join(pagesFolder, page), "utf8");
  return text.slice(text.indexOf(HEADER) + HEADER.length);
};
const vendorPages = readdirSync(pagesFolder).filter((f) => f.startsWith("buddy-") || f.startsWith("buildkite-"));
const payloads = parse(readFileSync(join(folder, "index.yaml"), "utf8")) as VendorPayload[];
const register = readFileSync(join(repoRoot, "spec", "DISCREPANCIES.md"), "utf8");
const inRegister = (id: string) => new RegExp(`^### ${id} `, "m").test(register);

/** Every JSON object or array (not empty) written in a page: the payloads a reader can copy. */
function jsonPayloads(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "{" && text[i] !== "[") continue;
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let j = i; j < text.length && end < 0; j++) {
      const c = text[j];
      if (inString) {
        if (c === "\\") j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if ((c === "}" || c === "]") && --depth === 0) end = j;
    }
    if (end < 0) continue;
    const candidate = text.slice(i, end + 1);
    try {
      const value: unknown = JSON.parse(candidate);
      if (typeof value === "object" && value !== null && Object.keys(value).length > 0) {
        found.push(candidate);
        i = end;
      }
    } catch {
      // Not JSON (a TypeScript interface, a URL template): keep looking.
    }
  }
  return found;
}

describe("vendor payloads are copied verbatim, all of them", () => {
  it("index.yaml lists exactly the payload files of the folder", () => {
    const files = readdirSync(folder).filter((f) => f.endsWith(".json"));
    expect(payloads.map((p) => p.file).sort()).toEqual(files.sort());
  });

  it.each(vendorPages.map((page) => ({ page })))("$page", ({ page }) => {
    const copies = payloads
      .filter((p) => p.page === page)
      .map((p) => readFileSync(join(folder, p.file), "utf8").replace(/\n$/, ""));
    expect(copies).toEqual(jsonPayloads(pageText(page)));
  });

  it.each(payloads.filter((p) => p.redacted))(
    "$file differs from the live page only as $redacted says",
    ({ page, redacted }) => {
      expect(inRegister(redacted!)).toBe(true);
      const header = readFileSync(join(pagesFolder, page), "utf8").split(HEADER)[0]!;
      expect(header).toMatch(new RegExp(`^Changed: .*\\(register ${redacted}\\)`, "m"));
    },
  );
});

describe("vendor payloads validate, or fail for the register's reason", () => {
  it.each(payloads.map((p) => ({ ...p, name: `${p.api} ${p.operation} ${p.status ?? "request"} ${p.file}` })))(
    "$name",
    (p) => {
      const contract = bundle(p.api);
      const value: unknown = JSON.parse(readFileSync(join(folder, p.file), "utf8"));
      const errors = contract.validatePayload(
        contract.bodySchema(p.operation, p.status ?? "request"),
        value,
        p.direction,
      );
      const found = errors.map((e) => ({ pointer: e.instancePath, keyword: e.keyword }));
      if (p.register === undefined) {
        expect(found, errors.map((e) => `${e.instancePath} ${e.message}`).join("; ")).toEqual([]);
      } else {
        expect(inRegister(p.register), `${p.register} is an entry of spec/DISCREPANCIES.md`).toBe(true);
        expect(found).toEqual([p.fails]);
      }
    },
  );
});
