import { createRequire } from "node:module";

/** The package's version, for `--version` and the User-Agent. */
export const VERSION = (createRequire(import.meta.url)("../package.json") as { version: string }).version;
