import type { IncomingHttpHeaders } from "node:http";

/** A request as the twin received it, and how it was answered. */
export interface RecordedRequest {
  /** Which of the twin's servers received it: the API's origin, or the storage origin. */
  listener: "api" | "storage";
  /** The operationId it was routed to, `storage` for a file, or `unknown` for no route. */
  route: string;
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status answered; undefined while answering, and when a fault cut the exchange short. */
  status?: number;
  /** The kind of the fault it met (`503`, `drop`, ...), if any. */
  fault?: string;
}

export interface Recorder {
  /** Every request, oldest first, when recording. */
  readonly requests: RecordedRequest[];
  /** Requests received by each server, recorded or not. */
  readonly received: { api: number; storage: number };
  /** Counts the request and keeps it when recording; returns it with its index on its server. */
  record(request: RecordedRequest): number;
  reset(): void;
}

export function createRecorder(keep: boolean, onRequest?: (request: RecordedRequest) => void): Recorder {
  const requests: RecordedRequest[] = [];
  const received = { api: 0, storage: 0 };
  return {
    requests,
    received,
    record(request) {
      if (keep) requests.push(request);
      onRequest?.(request);
      return received[request.listener]++;
    },
    reset() {
      requests.length = 0;
      received.api = 0;
      received.storage = 0;
    },
  };
}
