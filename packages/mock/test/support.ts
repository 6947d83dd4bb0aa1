import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The value of a named example of the bundled description, as the mock should serve it. */
export function example(api: "buddy" | "buildkite", name: string): unknown {
  const document = JSON.parse(readFileSync(require.resolve(`@ci-artifacts/openapi/${api}.json`), "utf8")) as {
    components: { examples: Record<string, { value: unknown }> };
  };
  const found = document.components.examples[name];
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
