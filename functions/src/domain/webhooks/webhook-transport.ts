/**
 * The outbound side of a delivery: one POST to a partner's endpoint, bounded in time, following no
 * redirect, to no address the target policy refuses. Implemented over node:http(s) (data/).
 */

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type WebhookResponse =
  | {
      kind: "answered";
      status: number;
      /** The Retry-After header, if the receiver sent one. */
      retryAfter: string | null;
      /** The first bytes of the answer's body, as UTF-8. */
      bodyPrefix: string;
      durationMs: number;
    }
  | {
      kind: "failed";
      /** What went wrong: a refused address, a timeout, a connection error. */
      error: string;
      durationMs: number;
    };

export type WebhookTransport = (request: WebhookRequest) => Promise<WebhookResponse>;
