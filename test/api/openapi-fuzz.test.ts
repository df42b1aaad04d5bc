import type { DocumentReference, Firestore } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import { fuzzEveryRoute, type FuzzTarget, type OpenApiDocument } from "partner-api-functions/openapi-fuzz";
import { API_ROOT } from "../../scripts/stack/stack-config.js";
import { call, entryBody } from "../support/http.js";
import { adminDb, partnerSession } from "../support/stack.js";

// Every route of the served OpenAPI document fuzzed on the stack (functions/src/testing/openapi-fuzz.ts):
// the real runtime, our Firestore emulator, the Auth emulator. Never a 5xx; nothing of the partners
// changed by a 4xx. Fewer runs than in process (functions/src/http/app-openapi-fuzz.test.ts).

const RUNS = 150;

// Written by the entry trigger, the task queue and the usage meter's flush after a request, not by it:
// they change on their own time (usage counts every request, a 4xx too, by design), so they are left
// out of the before/after comparison. So is a replay's state, which its attempts count as they run.
const ASYNC_COLLECTIONS = new Set(["webhookEvents", "deliveries", "usage"]);
const ASYNC_DOCUMENTS = new Set(["webhooks/replays"]);

/** Every document under `ref` (itself included), path and data, in a stable order. */
async function subtree(db: Firestore, ref: DocumentReference): Promise<[string, unknown][]> {
  const own = await ref.get();
  const rows: [string, unknown][] = own.exists ? [[ref.path, own.data()]] : [];
  for (const collection of await ref.listCollections()) {
    if (ASYNC_COLLECTIONS.has(collection.id)) continue;
    for (const child of await collection.listDocuments()) {
      if (!ASYNC_DOCUMENTS.has(`${collection.id}/${child.id}`)) rows.push(...(await subtree(db, child)));
    }
  }
  return rows.sort(([a], [b]) => (a < b ? -1 : 1));
}

async function stackTarget(): Promise<FuzzTarget> {
  const scopes = ["entries:read", "entries:write", "webhooks:manage"] as const;
  const [writer, reader] = await Promise.all([
    partnerSession({ scopes: [...scopes] }),
    partnerSession({ scopes: ["entries:read"] }),
  ]);
  const entry = await call("/entries", { method: "POST", token: writer.token, body: entryBody() });
  // A closed loopback port: deliveries fail at once, and nothing leaves the machine.
  const endpoint = await call("/webhook-endpoints", {
    method: "POST",
    token: writer.token,
    body: { url: "http://127.0.0.1:9/hook", events: ["entry.updated"] },
  });
  const document = (await call("/openapi.json")).body as OpenApiDocument;
  const db = adminDb();
  return {
    document,
    realIds: [entry.body.id, endpoint.body.id],
    tokens: { full: writer.token, readOnly: reader.token },
    async snapshot() {
      const partners = await Promise.all(
        [writer, reader].map((partner) => subtree(db, db.doc(`partners/${partner.partnerId}`))),
      );
      return JSON.stringify(partners);
    },
    async send({ method, path, headers, body }) {
      const response = await fetch(`${API_ROOT}${path}`, {
        method,
        headers,
        ...(body === undefined || method === "GET" || method === "HEAD" ? {} : { body }),
        signal: AbortSignal.timeout(15_000),
      });
      return {
        status: response.status,
        contentType: response.headers.get("content-type") ?? "",
        text: await response.text(),
      };
    },
  };
}

describe("every route of the OpenAPI document, fuzzed on the stack", () => {
  it(
    `answers ${RUNS} generated requests without a 5xx, and changes nothing on a 4xx`,
    { timeout: 600_000 },
    async () => {
      const started = performance.now();
      const report = await fuzzEveryRoute(await stackTarget(), RUNS);
      expect(report.requests).toBe(RUNS);
      console.log(
        `openapi fuzz on the stack: ${RUNS} requests in ${Math.round((performance.now() - started) / 1000)} s, ` +
          `statuses ${JSON.stringify(report.statuses)}`,
      );
    },
  );
});
