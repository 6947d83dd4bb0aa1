// @ts-check
// Code samples for every operation, injected as `x-codeSamples` into the copy of a bundle that
// the reference is rendered from. https://redocly.com/docs/realm/content/api-docs/openapi-extensions/x-code-samples

/** @typedef {Record<string, any>} OpenApiDocument */
/** @typedef {{ lang: string, label: string, source: string }} CodeSample */

/**
 * The languages of the samples, in the order of Redoc's language menu (its `codeSamples`
 * option). Redoc 3 shows a sample only when its label is one of these; `Payload` is Redoc's own
 * view of the request body example.
 */
export const SAMPLE_LANGUAGES = [{ lang: "curl" }, { lang: "TypeScript" }, { lang: "Payload" }];
/** @typedef {{ path: string, method: string, operation: Record<string, any>, pathItem: Record<string, any>, pointer: string }} OperationRef */

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** A JSON pointer (RFC 6901) made of the given reference tokens. @param {...(string | number)} tokens */
export function pointer(...tokens) {
  return `#${tokens.map((t) => `/${String(t).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("")}`;
}

/** Every operation of the document, in document order. @param {OpenApiDocument} document @returns {OperationRef[]} */
export function operations(document) {
  /** @type {OperationRef[]} */
  const found = [];
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = pathItem?.[method];
      if (operation) found.push({ path, method, operation, pathItem, pointer: pointer("paths", path, method) });
    }
  }
  return found;
}

/**
 * Follows a local `$ref` (`#/components/...`); other values are returned as they are.
 * @param {OpenApiDocument} document @param {any} value @returns {any}
 */
function resolve(document, value) {
  let seen = 0;
  while (value && typeof value === "object" && typeof value.$ref === "string") {
    if (!value.$ref.startsWith("#/") || ++seen > 32) throw new Error(`cannot follow $ref ${value.$ref}`);
    value = value.$ref
      .slice(2)
      .split("/")
      .map((/** @type {string} */ t) => t.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce((/** @type {any} */ node, /** @type {string} */ token) => node?.[token], document);
    if (value === undefined) throw new Error(`unresolved $ref`);
  }
  return value;
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
 * The parameters of an operation: the path item's, overridden by the operation's (same `name` and `in`).
 * @param {OpenApiDocument} document @param {OperationRef} ref
 */
function parametersOf(document, { pathItem, operation, pointer: where }) {
  /** @type {Map<string, { parameter: any, pointer: string }>} */
  const byKey = new Map();
  /** @type {[any[], string][]} */
  const sources = [
    [pathItem.parameters ?? [], `${where.replace(/\/[^/]+$/, "")}/parameters`],
    [operation.parameters ?? [], `${where}/parameters`],
  ];
  for (const [list, base] of sources) {
    list.forEach((/** @type {any} */ raw, /** @type {number} */ index) => {
      const parameter = resolve(document, raw);
      byKey.set(`${parameter.in}:${parameter.name}`, { parameter, pointer: `${base}/${index}` });
    });
  }
  return [...byKey.values()];
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
  for (const { parameter, pointer: where } of parametersOf(document, ref)) {
    if (parameter.in !== "path" && !(parameter.in === "query" && parameter.required)) continue;
    const value = exampleOf(document, parameter);
    if (value === undefined)
      throw new Error(`${where}: ${parameter.in} parameter '${parameter.name}' has no example for the curl sample`);
    if (parameter.in === "path") path = path.replaceAll(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else query.append(parameter.name, String(value));
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
 * A copy of the document with `x-codeSamples` on every operation: curl, generated here, then
 * TypeScript, the sample file that `readSample(operationId)` returns (so that the tests can
 * type-check exactly what the docs show).
 * @param {OpenApiDocument} document
 * @param {(operationId: string, ref: OperationRef) => string} readSample
 * @returns {OpenApiDocument}
 */
export function withCodeSamples(document, readSample) {
  const copy = structuredClone(document);
  for (const ref of operations(copy)) {
    const { operationId } = ref.operation;
    if (typeof operationId !== "string")
      throw new Error(`${ref.pointer}: the operation has no operationId to name its sample by`);
    /** @type {CodeSample[]} */
    const samples = [
      { lang: "curl", label: "curl", source: curlSample(copy, ref) },
      { lang: "TypeScript", label: "TypeScript", source: readSample(operationId, ref) },
    ];
    ref.operation["x-codeSamples"] = samples;
  }
  return copy;
}
