import type { RequestDeadline } from "../request-deadline.js";
import type { SigningSecret } from "./webhook-signature.js";
import type { EndpointView } from "./webhook-schema.js";

/**
 * The webhook endpoints port: a partner's registered endpoints with their signing secrets. A partner
 * has at most MAX_ENDPOINTS_PER_PARTNER, and every entry change reads them all, so the port serves
 * them as one set. Implemented over Firestore and in memory (data/), with the same semantics.
 */

/** An endpoint as stored: what the API shows, and the secrets it never shows again. */
export interface WebhookEndpoint extends EndpointView {
  /** The current secret (expiresAt null) first, then a rotated-out one until it expires. */
  secrets: SigningSecret[];
}

/** What a change of the set writes, and what it answers its caller. */
export interface EndpointsChange<T> {
  endpoints: WebhookEndpoint[];
  result: T;
}

export interface WebhookEndpointsRepository {
  /** Every endpoint of the partner, in no particular order. */
  list(partnerId: string): Promise<WebhookEndpoint[]>;
  /**
   * Reads the partner's endpoints, lets `change` compute the new set, and writes it, serializably
   * (run again on contention; an error thrown by `change` writes nothing). Under a request's deadline,
   * the commit is sent only as the deadline allows.
   */
  change<T>(
    partnerId: string,
    change: (endpoints: WebhookEndpoint[]) => EndpointsChange<T>,
    deadline?: RequestDeadline,
  ): Promise<T>;
}
