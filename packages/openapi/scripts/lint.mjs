// Lints the source files of both APIs with Redocly (recommended-strict).
import { redocly } from "./redocly.mjs";

redocly(["lint", "--format", "stylish"]);
