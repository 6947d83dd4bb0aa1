// A stale file in dist/ (a module renamed in src/) would still be packed; start empty.
import { rm } from "node:fs/promises";

await rm(new URL("../dist/", import.meta.url), { recursive: true, force: true });
