/**
 * The generators under test: how each part of the guide is found, what its output's modules
 * are, and the warnings that are known and left, each with its reason.
 */

export interface KnownWarning {
  pattern: RegExp;
  why: string;
}

export interface Generator {
  /** Folder names, test names, and `probes/<id>.ts`. */
  id: string;
  /** The `###` heading of its part of the guide. */
  title: string;
  /** The npm packages its part installs; their installed versions key the cache. */
  packages: readonly string[];
  /** `package.json`'s `type` in the reader's project. */
  moduleType: "module" | "commonjs";
  /** The modules a reader imports, relative to `dist/`, for one API. */
  entries: (api: string) => string[];
  knownWarnings: readonly KnownWarning[];
}

export const GENERATORS: readonly Generator[] = [
  {
    id: "hey-api",
    title: "@hey-api/openapi-ts",
    packages: ["@hey-api/openapi-ts"],
    moduleType: "module",
    entries: (api) => [`${api}/index.js`],
    knownWarnings: [],
  },
  {
    id: "orval-axios",
    title: "orval, axios client",
    packages: ["orval", "axios"],
    moduleType: "module",
    entries: (api) => [`${api}.js`],
    knownWarnings: [],
  },
  {
    id: "orval-fetch",
    title: "orval, fetch client",
    packages: ["orval"],
    moduleType: "module",
    entries: (api) => [`${api}.js`],
    knownWarnings: [],
  },
  {
    id: "openapi-zod-client",
    title: "openapi-zod-client",
    packages: ["openapi-zod-client", "@zodios/core", "zod", "axios"],
    moduleType: "module",
    entries: (api) => [`${api}.js`],
    knownWarnings: [
      {
        pattern: /no status code other than `default` and were ignored.*:( downloadArtifact)?$/,
        why: "it takes only 2xx as success; the download's only success is the 302, kept as a typed error",
      },
      {
        pattern: /could have had a generic error response added by setting `defaultStatusBehavior`.*downloadArtifact$/,
        why: "auto-correct would type the `default` error body as the download's success",
      },
    ],
  },
  {
    id: "swagger-typescript-api",
    title: "swagger-typescript-api",
    packages: ["swagger-typescript-api"],
    moduleType: "module",
    entries: (api) => [`${api}.js`],
    knownWarnings: [],
  },
  {
    id: "kubb",
    title: "kubb",
    packages: ["@kubb/cli", "@kubb/core", "@kubb/plugin-oas", "@kubb/plugin-ts", "@kubb/plugin-client", "axios"],
    moduleType: "module",
    entries: (api) => [`${api}/index.js`],
    knownWarnings: [],
  },
  {
    id: "openapi-typescript-codegen",
    title: "openapi-typescript-codegen",
    packages: ["openapi-typescript-codegen", "axios", "form-data"],
    moduleType: "commonjs",
    entries: (api) => [`${api}/index.js`],
    knownWarnings: [],
  },
];
