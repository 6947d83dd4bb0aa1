// Runs a probe in its generated project: `operations` prints the operation names it finds in the
// generated modules, `calls <settings>` the results of calling list and get of both APIs.
import { calls, operations } from "./probe.js";
import type { Settings } from "./probe-types.js";

const [mode, settings] = process.argv.slice(2);
const result = mode === "operations" ? Promise.resolve(operations()) : calls(JSON.parse(settings ?? "{}") as Settings);
result.then(
  (value) => console.log(JSON.stringify(value)),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
