import { collection, doc, serverTimestamp, writeBatch } from "firebase/firestore";
import { describe, it } from "vitest";
import type { Entry } from "partner-api-functions/entry-schema";
import { ENTRY_INPUT } from "partner-api-functions/entry-fixtures";
import { assertLedgerPromises, type LedgerDriver } from "partner-api-functions/ledger-model";
import { API_ROOT } from "../../scripts/stack/stack-config.js";
import { firestoreAs } from "../support/client-sdk.js";
import { adminDb, partnerSession, uniqueId } from "../support/stack.js";

// The ledger model (functions/src/testing/ledger-model.ts) on the stack: the API over HTTP on our
// Firestore emulator, and direct creates through the Firebase JS SDK under firestore.rules, whose
// createdAt is request.time with microseconds (one batch: one instant). Fewer runs than in process.

async function stackDriver(): Promise<LedgerDriver> {
  const partner = await partnerSession({ scopes: ["entries:read", "entries:write"] });
  const entries = `partners/${partner.partnerId}/entries`;
  const get = async (id: string) => {
    const response = await fetch(`${API_ROOT}/v1/entries/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${partner.token}` },
    });
    return (await response.json()) as Entry;
  };
  return {
    async request(method, path, { body, headers = {} } = {}) {
      const response = await fetch(`${API_ROOT}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${partner.token}`,
          ...(body ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as unknown) : null,
        header: (name) => response.headers.get(name) ?? undefined,
      };
    },
    async directCreate(count, autoIds) {
      const sdk = firestoreAs(partner.token);
      try {
        const batch = writeBatch(sdk.service);
        const refs = Array.from({ length: count }, () =>
          autoIds ? doc(collection(sdk.service, entries)) : doc(sdk.service, entries, uniqueId("direct")),
        );
        for (const ref of refs) {
          batch.set(ref, {
            ...ENTRY_INPUT,
            occurredAt: new Date(ENTRY_INPUT.occurredAt),
            partnerId: partner.partnerId,
            status: "posted",
            version: 1,
            createdAt: serverTimestamp(),
            updatedAt: serverTimestamp(),
          });
        }
        await batch.commit();
        return await Promise.all(refs.map((ref) => get(ref.id)));
      } finally {
        await sdk.close();
      }
    },
    async orderKey(entry) {
      const { seconds, nanoseconds } = (await adminDb().doc(`${entries}/${entry.id}`).get()).get("createdAt");
      return `${String(seconds).padStart(12, "0")}.${String(nanoseconds).padStart(9, "0")}`;
    },
    // The API's clock is the machine's here.
    advanceClock: () => undefined,
  };
}

describe("the ledger's promises under any mix of writers, on the stack", () => {
  it(
    "keeps stored values, newest-first pages without gap or repeat, complete histories and exact replays",
    { timeout: 240_000 },
    async () => {
      await assertLedgerPromises(stackDriver, { maxCommands: 12, numRuns: 6 });
    },
  );
});
