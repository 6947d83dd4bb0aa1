import { fileURLToPath } from "node:url";

/** This repository's root. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url)).replace(/\/$/, "");
