/**
 * The HTTP methods that name operations in a Path Item Object.
 * @see https://spec.openapis.org/oas/v3.1.1.html#path-item-object (fixed fields `get` ... `trace`)
 * @see https://spec.openapis.org/oas/v3.2.0.html#path-item-object (adds `query`)
 *
 * `query` is an operation only from OAS 3.2; in a 3.0/3.1 Path Item it cannot be anything else
 * (other fields must start with `x-`), so one list serves every version.
 */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isHttpMethod(key: string): key is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(key);
}
