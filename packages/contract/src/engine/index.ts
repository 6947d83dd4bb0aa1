/**
 * The example-checking engine: loads an OpenAPI 3.0/3.1 document (one file or several), finds
 * every example with the schema it illustrates and the direction it travels, and validates
 * values against the schemas with readOnly/writeOnly enforced by direction.
 */

export type { Position, SourceFile } from "@ci-artifacts/spec";
export { InputError, loadSourceFile, parsePointer, parseSource, toPointer } from "@ci-artifacts/spec";
export type { CheckReport, ContractOptions, ExampleResult } from "./contract.js";
export { Contract, formatFailure, formatGap, formatSkipped } from "./contract.js";
export type { CompileOptions, EngineOptions, PayloadError, PayloadValidator } from "./engine.js";
export { ContractEngine, SchemaError } from "./engine.js";
export type { CoverageGap, ExampleCase, SkippedExample } from "./examples.js";
export { collectExamples, OPERATION_ROOTS } from "./examples.js";
export type { Direction, OpenApiVersion } from "./shadow.js";
export type { SourceResolver } from "./source-map.js";
export { multiFileSourceResolver } from "./source-map.js";
