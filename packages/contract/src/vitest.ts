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
  type ResponseOptions,
  type ValidateOptions,
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
  toMatchResponse(
    this: MatcherState,
    received: unknown,
    api: Api,
    operationId: string,
    status: number,
    options?: ResponseOptions,
  ) {
    const { errors } = validateResponse(api, operationId as OperationId<Api>, status, received, options);
    return outcome(this.isNot, `a valid ${status} response of ${api} ${operationId}`, errors);
  },
  toMatchRequest(this: MatcherState, received: unknown, api: Api, operationId: string, options?: ValidateOptions) {
    const { errors } = validateRequest(api, operationId as RequestOperationId<Api>, received, options);
    return outcome(this.isNot, `a valid request body of ${api} ${operationId}`, errors);
  },
};

expect.extend(matchers);

interface ContractMatchers {
  /**
   * The value is a body `api` may answer `operationId` with, under HTTP `status`. A 2xx status
   * that only the operation's `default` response covers fails unless `allowDefault`; `strict`
   * also fails properties the schema does not declare.
   */
  toMatchResponse<A extends Api>(api: A, operationId: OperationId<A>, status: number, options?: ResponseOptions): void;
  /** The value is a request body a client may send to `operationId` of `api`; `strict` also fails properties the schema does not declare. */
  toMatchRequest<A extends Api>(api: A, operationId: RequestOperationId<A>, options?: ValidateOptions): void;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: the declaration merges with vitest's own `Matchers<T = any>`, whose type parameter must match.
  interface Matchers<T = any> extends ContractMatchers {}
}
