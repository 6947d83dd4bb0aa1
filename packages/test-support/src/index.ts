export { cleanEnv } from "./env.js";
export { sendJson } from "./http.js";
export { type PackedProject, type PackedProjectOptions, packedProject } from "./packed.js";
