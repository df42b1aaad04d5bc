import { randomBytes } from "node:crypto";
import { describe, it } from "vitest";
import type { Entry } from "../domain/entry-schema.js";
import { anEntry } from "../testing/entry-fixtures.js";
import { createInProcessApi } from "../testing/in-process-api.js";
import { assertLedgerPromises, type LedgerDriver } from "../testing/ledger-model.js";

// The ledger's promises under any sequence of API and direct writers (testing/ledger-model.ts), in
// process: the whole app on the in-memory twins with a fake clock, so instants repeat at will. The
// stack runs the same model with fewer runs (test/api/ledger-model.test.ts).

const AUTO_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A Firestore-style auto id: 20 characters of the SDKs' alphabet. */
const autoId = () => [...randomBytes(20)].map((byte) => AUTO_ID_ALPHABET[byte % 62]).join("");

async function inProcessDriver(): Promise<LedgerDriver> {
  const api = createInProcessApi();
  const { token, partnerId } = await api.partner();
  let ownIds = 0;
  return {
    async request(method, path, { body, headers = {} } = {}) {
      const response = await api.request(method, path, { token, headers, ...(body ? { body } : {}) });
      return {
        status: response.status,
        body: response.body,
        header: (name) => {
          const value = response.headers[name.toLowerCase()];
          return value === undefined ? undefined : String(value);
        },
      };
    },
    async directCreate(count, autoIds) {
      // One batch, one instant: what a direct writer's createdAt == request.time gives.
      const at = api.clock.now().toISOString();
      const entries: Entry[] = Array.from({ length: count }, () =>
        anEntry(partnerId, autoIds ? autoId() : `direct-${String(++ownIds).padStart(4, "0")}`, at),
      );
      await api.entries.runTransaction(async (tx) => {
        for (const entry of entries) tx.createEntry(entry);
      });
      return entries;
    },
    // The twin keeps createdAt as the API's RFC 3339 string, which sorts as the instant does.
    orderKey: async (entry) => entry.createdAt,
    advanceClock: (ms) => api.clock.advance(ms),
  };
}

describe("the ledger's promises under any mix of writers, in process", () => {
  it("keeps stored values, newest-first pages without gap or repeat, complete histories and exact replays", async () => {
    await assertLedgerPromises(inProcessDriver, { maxCommands: 25, numRuns: 40 });
  });
});
