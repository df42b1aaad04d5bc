import type { Entry } from "../domain/entries/entry-schema.js";

/** The contract's example entry, as a partner sends it to `POST /v1/entries`. */
export const ENTRY_INPUT = {
  type: "income",
  amountMinor: 1250,
  currency: "EUR",
  description: "Lunch service",
  category: "sales",
  occurredAt: "2026-11-20T12:00:00.000Z",
} as const;

/** The example entry as stored and answered: `ENTRY_INPUT` created at `createdAt`, version 1. */
export function anEntry(partnerId: string, id: string, createdAt: string, extra: Partial<Entry> = {}): Entry {
  return {
    id,
    partnerId,
    externalId: null,
    ...ENTRY_INPUT,
    status: "posted",
    version: 1,
    createdAt,
    updatedAt: createdAt,
    ...extra,
  };
}
