// A fetch double: answers each request with the next step (the last repeats), and records what
// it was handed. Tests pass it where a server adds nothing.
export type Step = Response | Error | ((request: Request) => Response | Promise<Response>);

export interface Double {
  fetch: (request: Request, init?: RequestInit) => Promise<Response>;
  /** Each request as it was handed over, with its headers at that moment. */
  sent: { method: string; url: string; headers: Record<string, string>; init: RequestInit | undefined }[];
}

export function double(...steps: Step[]): Double {
  const sent: Double["sent"] = [];
  return {
    sent,
    fetch: async (request, init) => {
      sent.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), init });
      const step = steps[Math.min(sent.length - 1, steps.length - 1)] as Step;
      if (step instanceof Error) throw step;
      return step instanceof Response ? step.clone() : step(request);
    },
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

export const text = (status: number, body = "", headers: Record<string, string> = {}) =>
  new Response(body || null, { status, headers });
