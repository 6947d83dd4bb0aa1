// The command as a library: run it with your own streams (a test, a wrapper), or check a command
// line with its parser without running it.

export { type BuildRef, parseBuild } from "./buildkite/build-ref.js";
export { EXIT } from "./errors.js";
export type { IoStreams } from "./io.js";
export { Io } from "./io.js";
export { main } from "./main.js";
export { createProgram, type Parsed } from "./program.js";
