/** The APIs the twin serves: one hand-written profile each (`profiles/`), read from one bundle each. */
export const TWIN_APIS = ["buddy", "buildkite"] as const;
export type TwinApi = (typeof TWIN_APIS)[number];

/** Where `ci-artifacts-mock` listens without `--port`: one port each, so both twins can run side by side. */
export const DEFAULT_PORTS: Readonly<Record<TwinApi, number>> = { buddy: 4010, buildkite: 4011 };

export function isTwinApi(name: string): name is TwinApi {
  return (TWIN_APIS as readonly string[]).includes(name);
}

export function checkApi(name: string): asserts name is TwinApi {
  if (!isTwinApi(name)) {
    throw new TypeError(`unknown API ${JSON.stringify(name)}: expected one of ${TWIN_APIS.join(", ")}`);
  }
}
