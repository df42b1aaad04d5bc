/**
 * The audit-log port: who did what, for admins only. Each writer records its own events (a token
 * issued, a credential created, a claims change); the implementation adds who acts and when.
 */

/**
 * Where a two-step change stands: recorded before it is made ("pending"), then "applied" once made,
 * or "not-applied" when a later run found it never took effect.
 */
export type AuditState = "pending" | "applied" | "not-applied";

/** A change recorded as pending and not settled since (its writer stopped in between). */
export interface PendingAuditRecord<Event> {
  id: string;
  event: Event;
}

export interface AuditLog<Event extends object> {
  /** Records something already done; it is never pending. */
  append(event: Event): Promise<void>;
  /**
   * Records a change about to be made, as pending, and returns the record's id. Recording before the
   * change means a failure after it leaves a record of unknown outcome, never a change without one.
   */
  intend(event: Event): Promise<string>;
  /** Settles a pending record: the change was made. */
  applied(id: string): Promise<void>;
  /** Settles a pending record: the change was not made, and why. */
  notApplied(id: string, reason: string): Promise<void>;
  /** Every record still pending, oldest first. */
  pending(): Promise<PendingAuditRecord<Event>[]>;
}

/** The one step of the port most writers need: `append`, as a function. */
export type AppendAudit<Event extends object> = AuditLog<Event>["append"];
