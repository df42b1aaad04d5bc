import type { EntryCursor } from "../entries/ports.js";
import type { Delivery } from "./webhook-schema.js";

/**
 * The delivery log port: one record per attempt of an event at an endpoint, pending until the attempt
 * runs, then its outcome. Implemented over Firestore and in memory (data/), with the same semantics.
 */

/** A listed delivery with the cursor that continues the listing just after it. */
export interface ListedDelivery {
  delivery: Delivery;
  cursor: EntryCursor;
}

export interface WebhookDeliveriesRepository {
  get(partnerId: string, endpointId: string, deliveryId: string): Promise<Delivery | null>;
  /** Records a scheduled attempt, unless it is recorded already (a repeated trigger or task run). */
  recordScheduled(partnerId: string, endpointId: string, delivery: Delivery): Promise<void>;
  /** Records what an attempt came to, over its pending record. */
  recordOutcome(partnerId: string, endpointId: string, delivery: Delivery): Promise<void>;
  /** Up to `limit` of an endpoint's attempts, newest first, after the cursor. */
  list(
    partnerId: string,
    endpointId: string,
    limit: number,
    after: EntryCursor | null,
  ): Promise<ListedDelivery[]>;
}
