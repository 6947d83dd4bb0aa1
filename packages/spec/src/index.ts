export { HTTP_METHODS, type HttpMethod, isHttpMethod } from "./methods.js";
export {
  type CodeSample,
  codeSamples,
  findOperation,
  type Operation,
  type OperationRoot,
  operations,
  type ParameterRef,
  type ResponseRef,
  selectResponse,
} from "./operations.js";
export { escapeSegment, getAt, isObject, joinPointer, parsePointer, toPointer, unescapeSegment } from "./pointer.js";
export { follow, type Located, localRefs, resolve, resolveAt } from "./refs.js";
export { InputError, loadSourceFile, type Position, parseSource, type SourceFile } from "./source.js";
