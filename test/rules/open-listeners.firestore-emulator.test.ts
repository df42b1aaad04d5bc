import { readFileSync } from "node:fs";
import { initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { collection, limit, onSnapshot, query, type Firestore } from "firebase/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createFirestoreEmulator, type FirestoreEmulator } from "@partner-api/firestore-emulator";
import { actors, AUTH_TIME, entryData, READ, SEED_TIME } from "./world.js";

// "Revocation at once on both paths" for a partner's open listener: with firestore.rules loaded into our
// embedded emulator, a listener on the partner's entries ends with permission-denied as soon as the user
// is revoked (revocations/{uid}) or the partner is suspended (packages/firestore-emulator's own tests show
// that nothing written after reaches it).
const PROJECT_ID = "demo-open-listeners";
const rules = readFileSync(new URL("../../firestore.rules", import.meta.url), "utf8");
const { acme } = actors;

let emulator: FirestoreEmulator;
let env: RulesTestEnvironment;

beforeAll(async () => {
  emulator = createFirestoreEmulator({ port: 0 });
  await emulator.start();
  env = await initializeTestEnvironment({
    projectId: PROJECT_ID,
    firestore: { host: emulator.host, port: emulator.port, rules },
  });
}, 60_000);
afterAll(async () => {
  await env?.cleanup();
  await emulator?.stop();
});
beforeEach(async () => {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled(async (context) => {
    const db = context.firestore();
    await db.doc("partners/acme").set({ name: "Acme", status: "active", createdAt: SEED_TIME });
    await db.doc("partners/acme/entries/e1").set(entryData("acme", SEED_TIME));
  });
});

/** Opens the acme partner's listener on its entries; resolves its snapshots' ids and its end. */
function listenAsAcme() {
  const db = env.authenticatedContext(acme.auth.uid, acme.auth.token).firestore() as unknown as Firestore;
  const seen: string[][] = [];
  const ended = new Promise<{ code: string }>((resolve) =>
    onSnapshot(
      query(collection(db, "partners/acme/entries"), limit(20)),
      (snapshot) => seen.push(snapshot.docs.map((d) => d.id)),
      resolve,
    ),
  );
  return { seen, ended };
}

describe("an open partner listener under firestore.rules", () => {
  it("ends with permission-denied when the user is revoked", async () => {
    expect(acme.auth.token.scopes).toContain(READ);
    const { seen, ended } = listenAsAcme();
    await vi.waitFor(() => expect(seen).toEqual([["e1"]]));
    await env.withSecurityRulesDisabled((context) =>
      context
        .firestore()
        .doc(`revocations/${acme.auth.uid}`)
        .set({ revokedAt: AUTH_TIME + 1, updatedAt: new Date() }),
    );
    expect(await ended).toMatchObject({ code: "permission-denied" });
  });

  it("ends with permission-denied when the partner is suspended", async () => {
    const { seen, ended } = listenAsAcme();
    await vi.waitFor(() => expect(seen).toEqual([["e1"]]));
    await env.withSecurityRulesDisabled((context) =>
      context.firestore().doc("partners/acme").update({ status: "suspended" }),
    );
    expect(await ended).toMatchObject({ code: "permission-denied" });
  });
});
