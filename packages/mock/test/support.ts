import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface Bundle {
  components: {
    examples: Record<string, { value: unknown }>;
    schemas: Record<string, { properties?: Record<string, unknown> }>;
  };
}

function bundle(api: "buddy" | "buildkite"): Bundle {
  return JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8")) as Bundle;
}

/** The property names a component schema declares. */
export function schemaProperties(api: "buddy" | "buildkite", schema: string): string[] {
  return Object.keys(bundle(api).components.schemas[schema]?.properties ?? {});
}

/** The value of a named example of the bundled description, as the mock should serve it. */
export function example(api: "buddy" | "buildkite", name: string): unknown {
  const found = bundle(api).components.examples[name];
  if (!found) throw new Error(`no example ${name} in the ${api} description`);
  return found.value;
}

/** Prism's `sl-violations` header, parsed; [] when absent. */
export function violations(response: Response): { location: string[]; code: string | number; message: string }[] {
  const header = response.headers.get("sl-violations");
  return header ? (JSON.parse(header) as { location: string[]; code: string | number; message: string }[]) : [];
}

/** Resolves once process `pid` has ended; the test's timeout bounds the wait. */
export async function processGone(pid: number): Promise<void> {
  while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
}

function alive(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return false;
  }
  // A zombie has ended; whether anyone reaps it (PID 1 in a container may not) is not ours to wait for.
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z";
}
