/** One request the client sent, and what came of it, as a recording fetch saw them. */
export interface Exchange {
  method: string;
  path: string;
  headers: Headers;
  /** The status, or 0 when the fetch failed. */
  status: number;
  responseHeaders: Headers;
  startedAt: number;
  endedAt: number;
}

/** A response to rewrite (return a new one) or let through (return undefined). */
export type Rewrite = (request: Request, response: Response) => Promise<Response | undefined>;

/**
 * A fetch for PartnerClient's `fetch` option that sends with the global fetch and records every
 * exchange, optionally rewriting responses (e.g. to shorten a token's stated lifetime).
 */
export function recordingFetch(rewrite?: Rewrite) {
  const exchanges: Exchange[] = [];
  const fetchAndRecord = async (request: Request): Promise<Response> => {
    const exchange: Exchange = {
      method: request.method,
      path: new URL(request.url).pathname.replace(/^.*\/v1\//, "/v1/"),
      headers: new Headers(request.headers),
      status: 0,
      responseHeaders: new Headers(),
      startedAt: Date.now(),
      endedAt: 0,
    };
    exchanges.push(exchange);
    try {
      const response = await fetch(request);
      const answer = (await rewrite?.(request, response)) ?? response;
      exchange.status = answer.status;
      exchange.responseHeaders = answer.headers;
      return answer;
    } finally {
      exchange.endedAt = Date.now();
    }
  };
  return {
    fetch: fetchAndRecord,
    exchanges,
    /** The exchanges of one route, e.g. "POST /v1/oauth/token". */
    of: (route: string) => exchanges.filter(({ method, path }) => `${method} ${path}` === route),
  };
}

/** The token endpoint's answer with `expires_in` replaced, as if it issued tokens of that lifetime. */
export function withTokenLifetime(seconds: number): Rewrite {
  return async (request, response) => {
    if (!request.url.endsWith("/v1/oauth/token") || !response.ok) return undefined;
    const body = (await response.json()) as Record<string, unknown>;
    return Response.json({ ...body, expires_in: seconds }, { status: response.status });
  };
}
