/** How each built-in fault reaches the wire; a custom fault writes its own answer. */
import type { ServerResponse } from "node:http";
import { bodyBytes, json, type TwinResponse, writeResponse } from "../http/response.js";
import type { Spend } from "../rate-limit/index.js";
import type { Fault, FaultExchange } from "./types.js";

export interface VendorVoice {
  error(status: number, message: string): unknown;
  rateLimited(spend: Spend): TwinResponse;
  /** The budgets a 429 names: the twin's own, even when it counts none. */
  limits: { limit: number; userLimit?: number | undefined };
}

/** Resolves once the exchange is over: answered, cut, or its connection closed by the client or the twin. */
export async function act(fault: Fault, exchange: FaultExchange, vendor: VendorVoice): Promise<number | undefined> {
  const { response } = exchange;
  if ("act" in fault) {
    await fault.act(exchange);
    return response.headersSent ? response.statusCode : undefined;
  }
  switch (fault.type) {
    case "429": {
      // As if the budget were spent: what the vendor's 429 says then, asking to wait `retryAfter`.
      const resetSeconds = fault.retryAfter ?? 1;
      const spent = (limit: number) => ({ limit, used: limit + 1, remaining: 0, resetSeconds });
      const { limit, userLimit } = vendor.limits;
      const user = userLimit === undefined ? undefined : spent(userLimit);
      return send(
        response,
        vendor.rateLimited({ ok: false, org: spent(limit), user, refusedBy: user ? "user" : "org" }),
      );
    }
    case "status": {
      const message = `${fault.status} injected by the twin's faults`;
      return send(
        response,
        fault.body === "empty"
          ? { status: fault.status, headers: {} }
          : json(fault.status, vendor.error(fault.status, message)),
      );
    }
    case "slow": {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (response.destroyed) return undefined;
      return send(response, await exchange.answer());
    }
    case "hang":
      await closed(response);
      return undefined;
    case "drop":
      socketOf(response)?.resetAndDestroy();
      return undefined;
    case "truncate":
    case "stall": {
      const answer = await exchange.answer();
      const bytes = bodyBytes(answer);
      const cut = Math.min(fault.bytes ?? Math.floor(bytes.byteLength / 2), bytes.byteLength);
      response.writeHead(answer.status, { ...answer.headers, "content-length": String(bytes.byteLength) });
      if (fault.type === "truncate") {
        response.write(bytes.subarray(0, cut), () => socketOf(response)?.resetAndDestroy());
      } else {
        response.write(bytes.subarray(0, cut));
        await closed(response);
      }
      return answer.status;
    }
    case "corrupt": {
      const answer = await exchange.answer();
      const bytes = Buffer.from(bodyBytes(answer));
      // Every 64th byte flipped: the length holds, the checksum does not.
      for (let i = 0; i < bytes.byteLength; i += 64) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
      return send(response, { ...answer, body: bytes });
    }
  }
}

function send(response: ServerResponse, answer: TwinResponse): number {
  writeResponse(response, answer);
  return answer.status;
}

function socketOf(response: ServerResponse) {
  return response.socket ?? undefined;
}

function closed(response: ServerResponse): Promise<void> {
  if (response.destroyed || response.socket?.destroyed) return Promise.resolve();
  return new Promise((resolve) => response.once("close", () => resolve()));
}
