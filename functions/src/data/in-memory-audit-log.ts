import type { AuditLog, AuditState } from "../domain/audit-log.js";

/** A record as the in-memory log holds it: the event, and its state when it was a two-step change. */
export interface InMemoryAuditRecord<Event> {
  id: string;
  event: Event;
  /** null for an appended event, which is never pending. */
  state: AuditState | null;
  reason: string | null;
}

/** The audit-log port in memory, with what tests need to see what was (not) recorded. */
export interface InMemoryAuditLog<Event extends object> extends AuditLog<Event> {
  /** Every record, in the order written. */
  records(): InMemoryAuditRecord<Event>[];
}

/**
 * The audit-log port in memory, for fast tests, with the Firestore implementation's semantics:
 * appended events are never pending, settling an unknown record fails, reads return copies.
 */
export function createInMemoryAuditLog<Event extends object>(): InMemoryAuditLog<Event> {
  const records = new Map<string, InMemoryAuditRecord<Event>>();
  let nextId = 1;
  const add = (event: Event, state: AuditState | null) => {
    const id = `audit-${nextId++}`;
    records.set(id, { id, event: structuredClone(event), state, reason: null });
    return id;
  };
  const settle = (id: string, state: AuditState, reason: string | null) => {
    const found = records.get(id);
    if (!found) throw new Error(`No document to update: auditLogs/${id}`);
    records.set(id, { ...found, state, reason });
  };
  return {
    append: async (event) => void add(event, null),
    intend: async (event) => add(event, "pending"),
    applied: async (id) => settle(id, "applied", null),
    notApplied: async (id, reason) => settle(id, "not-applied", reason),
    pending: async () =>
      [...records.values()]
        .filter(({ state }) => state === "pending")
        .map(({ id, event }) => ({ id, event: structuredClone(event) })),
    records: () => structuredClone([...records.values()]),
  };
}
