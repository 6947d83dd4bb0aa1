// @ts-check
// Code samples for every operation, injected as `x-codeSamples` into the copy of a bundle that
// the reference is rendered from. https://redocly.com/docs/realm/content/api-docs/openapi-extensions/x-code-samples

/** @typedef {Record<string, any>} OpenApiDocument */
/** @typedef {{ lang: string, label: string, source: string }} CodeSample */
import { isObject, resolve as resolveRef, operations as specOperations, toPointer } from "@ci-artifacts/spec";

/**
 * The languages of the samples, in the order of Redoc's language menu (its `codeSamples`
 * option). Redoc 3 shows a sample only when its label is one of these; `Payload` is Redoc's own
 * view of the request body example.
 */
export const SAMPLE_LANGUAGES = [{ lang: "curl" }, { lang: "TypeScript" }, { lang: "Payload" }];
/** @typedef {{ path: string, method: string, operation: Record<string, any>, parameters: import("@ci-artifacts/spec").ParameterRef[], pointer: string }} OperationRef */

/** A JSON pointer (RFC 6901) made of the given reference tokens. @param {...(string | number)} tokens */
export function pointer(...tokens) {
  return toPointer(tokens);
}

/** Every operation under `paths`, in document order (the model of @ci-artifacts/spec). @param {OpenApiDocument} document @returns {OperationRef[]} */
export function operations(document) {
  return specOperations(document, ["paths"]).map((o) => ({
    path: o.path,
    method: o.method,
    operation: o.value,
    parameters: o.parameters,
    pointer: o.pointer,
  }));
}

/**
 * Follows a local `$ref` (`#/components/...`); other values are returned as they are.
 * @param {OpenApiDocument} document @param {any} value @returns {any}
 */
function resolve(document, value) {
  const found = resolveRef(document, value, "#").value;
  if (isObject(found) && typeof found.$ref === "string") throw new Error(`cannot follow $ref ${found.$ref}`);
  if (found === undefined) throw new Error("unresolved $ref");
  return found;
}

/** The first server's URL, its variables set to their defaults (OpenAPI 3.1, Server Object). @param {OpenApiDocument} document */
export function serverUrl(document) {
  const server = document.servers?.[0];
  if (!server?.url) throw new Error(`${pointer("servers", 0)}: the description names no server for the curl samples`);
  const url = server.url.replace(/\{([^}]+)\}/g, (/** @type {string} */ _, /** @type {string} */ name) => {
    const value = server.variables?.[name]?.default;
    if (value === undefined)
      throw new Error(`${pointer("servers", 0, "variables", name)}: server variable has no default`);
    return value;
  });
  return url.replace(/\/+$/, "");
}

/**
 * The example a reader would type for a parameter: its `example`, its first named example, or its schema's.
 * @param {OpenApiDocument} document @param {any} parameter @returns {unknown}
 */
function exampleOf(document, parameter) {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values(parameter.examples ?? {})[0];
  if (named !== undefined) return resolve(document, named).value;
  const schema = resolve(document, parameter.schema ?? {});
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  return schema.default;
}

/**
 * The value of the first example of the JSON request body, or undefined when the operation takes none.
 * @param {OpenApiDocument} document @param {OperationRef} ref @returns {unknown}
 */
function requestExample(document, ref) {
  if (!ref.operation.requestBody) return undefined;
  const body = resolve(document, ref.operation.requestBody);
  const media = body.content?.["application/json"];
  const where = `${ref.pointer}/requestBody`;
  if (!media) throw new Error(`${where}: only application/json request bodies get a curl sample`);
  const named = Object.values(media.examples ?? {})[0];
  if (named !== undefined) return resolve(document, named).value;
  if (media.example !== undefined) return media.example;
  throw new Error(`${where}/content/application~1json: the request body has no example for the curl sample`);
}

/** Quotes a string for a POSIX shell: single quotes, with embedded ones closed and escaped. @param {string} value */
export function shellQuote(value) {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A curl command for one operation: the first server, the path with its path parameters set to
 * their examples, required query parameters likewise, a bearer token read from `$TOKEN`, and the
 * first request example as the JSON body. Throws naming the JSON pointer of what is missing.
 * @param {OpenApiDocument} document @param {OperationRef} ref
 */
export function curlSample(document, ref) {
  let path = ref.path;
  const query = new URLSearchParams();
  for (const { value: parameter, pointer: where, name, in: location } of ref.parameters) {
    if (location !== "path" && !(location === "query" && parameter.required)) continue;
    const value = exampleOf(document, parameter);
    if (value === undefined)
      throw new Error(`${where}: ${location} parameter '${name}' has no example for the curl sample`);
    if (location === "path") path = path.replaceAll(`{${name}}`, encodeURIComponent(String(value)));
    else query.append(name, String(value));
  }
  const unfilled = path.match(/\{[^}]+\}/);
  if (unfilled) throw new Error(`${ref.pointer}: path parameter ${unfilled[0]} is not described`);
  const search = query.size > 0 ? `?${query}` : "";
  const lines = [
    `curl --request ${ref.method.toUpperCase()}`,
    `--url ${shellQuote(serverUrl(document) + path + search)}`,
    // Double quotes so that the shell puts the token in; it never appears in the docs.
    `--header "Authorization: Bearer $TOKEN"`,
  ];
  const body = requestExample(document, ref);
  if (body !== undefined) {
    lines.push(`--header 'Content-Type: application/json'`, `--data ${shellQuote(JSON.stringify(body, null, 2))}`);
  }
  return lines.join(" \\\n  ");
}

/**
 * A copy of the document whose operations show curl first, generated here, then the samples the
 * description carries in `x-codeSamples` (spec/<api>/code_samples/, the one sample set that the
 * client's README shows and its tests type-check). Every operation must carry a TypeScript one.
 * @param {OpenApiDocument} document
 * @returns {OpenApiDocument}
 */
export function withCodeSamples(document) {
  const copy = structuredClone(document);
  for (const ref of operations(copy)) {
    if (typeof ref.operation.operationId !== "string")
      throw new Error(`${ref.pointer}: the operation has no operationId to name its sample by`);
    /** @type {CodeSample[]} */
    const own = Array.isArray(ref.operation["x-codeSamples"]) ? ref.operation["x-codeSamples"] : [];
    if (!own.some((sample) => sample.lang === "TypeScript"))
      throw new Error(
        `${ref.pointer}: no TypeScript sample in x-codeSamples; write code_samples/TypeScript/${ref.operation.operationId}.ts beside the description and reference it`,
      );
    ref.operation["x-codeSamples"] = [{ lang: "curl", label: "curl", source: curlSample(copy, ref) }, ...own];
  }
  return copy;
}
