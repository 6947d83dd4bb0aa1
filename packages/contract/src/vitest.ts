/**
 * `import "@ci-artifacts/contract/vitest"` (in a test file or a vitest `setupFiles` entry) adds
 * `toMatchResponse` and `toMatchRequest` to vitest's `expect`, with their types.
 * https://vitest.dev/guide/extending-matchers
 */
import { expect } from "vitest";
import {
  type Api,
  type ContractError,
  formatErrors,
  type OperationId,
  type RequestOperationId,
  validateRequest,
  validateResponse,
} from "./index.js";

interface MatcherState {
  isNot: boolean;
}

function outcome(isNot: boolean, what: string, errors: ContractError[]) {
  return {
    pass: errors.length === 0,
    message: () =>
      isNot
        ? `expected the body not to be ${what}, but it is`
        : `expected the body to be ${what}; ${errors.length === 1 ? "1 problem" : `${errors.length} problems`}:\n${formatErrors(errors)}`,
  };
}

export const matchers = {
  toMatchResponse(this: MatcherState, received: unknown, api: Api, operationId: string, status: number) {
    const { errors } = validateResponse(api, operationId as OperationId<Api>, status, received);
    return outcome(this.isNot, `a valid ${status} response of ${api} ${operationId}`, errors);
  },
  toMatchRequest(this: MatcherState, received: unknown, api: Api, operationId: string) {
    const { errors } = validateRequest(api, operationId as RequestOperationId<Api>, received);
    return outcome(this.isNot, `a valid request body of ${api} ${operationId}`, errors);
  },
};

expect.extend(matchers);

interface ContractMatchers {
  /** The value is a body `api` may answer `operationId` with, under HTTP `status`. */
  toMatchResponse<A extends Api>(api: A, operationId: OperationId<A>, status: number): void;
  /** The value is a request body a client may send to `operationId` of `api`. */
  toMatchRequest<A extends Api>(api: A, operationId: RequestOperationId<A>): void;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: the declaration merges with vitest's own `Matchers<T = any>`, whose type parameter must match.
  interface Matchers<T = any> extends ContractMatchers {}
}
