export { cleanEnv } from "./env.js";
export { type PackedProject, type PackedProjectOptions, packedProject } from "./packed.js";
