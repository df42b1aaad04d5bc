import { describe, expect, it } from "vitest";
import { chooseFirestoreBackend } from "../../scripts/stack/firestore-backend.js";
import {
  EMULATOR_HUB_HOST,
  FIRESTORE_EMULATOR_HOST,
  FUNCTIONS_EMULATOR_HOST,
} from "../../scripts/stack/stack-config.js";
import { registeredTriggers } from "../support/stack-control.js";

// Firestore triggers of functions/ on the stack: firebase-tools' Functions emulator registers them with
// the embedded Firestore as with the official emulator. That they then run on a write is what the
// webhook tests show end to end (an entry written through the API or directly with the Admin SDK
// reaches a receiver through publishEntryEvents); packages/firestore-emulator/test/triggers.test.ts
// covers the events themselves.

interface FunctionTrigger {
  id: string;
  eventTrigger?: {
    eventType: string;
    retry?: boolean;
    eventFilters?: Record<string, string>;
    eventFilterPathPatterns?: Record<string, string>;
  };
}

/** The functions' Firestore triggers as the Functions emulator loaded them (what its Emulator UI lists). */
async function firestoreFunctionTriggers(): Promise<FunctionTrigger[]> {
  const response = await fetch(`http://${FUNCTIONS_EMULATOR_HOST}/backends`);
  expect(response.status).toBe(200);
  const { backends } = (await response.json()) as { backends: { functionTriggers: FunctionTrigger[] }[] };
  return backends
    .flatMap((backend) => backend.functionTriggers)
    .filter((trigger) => trigger.eventTrigger?.eventType.startsWith("google.cloud.firestore.document.v1."));
}

describe("Firestore triggers of the functions on the stack", () => {
  it("lists the embedded Firestore among firebase-tools' running emulators, where the Functions emulator finds it", async () => {
    const response = await fetch(`http://${EMULATOR_HUB_HOST}/emulators`);
    expect(response.status).toBe(200);
    const emulators = (await response.json()) as Record<string, { host: string; port: number }>;
    expect(`${emulators.firestore?.host}:${emulators.firestore?.port}`).toBe(FIRESTORE_EMULATOR_HOST);
  });

  // The official emulator, where Java runs it, keeps its registrations to itself.
  it.runIf(chooseFirestoreBackend() === "embedded")(
    "registers every Firestore trigger of functions/ with the stack's Firestore, with its event type and document",
    async () => {
      const loaded = await firestoreFunctionTriggers();
      const registered = await registeredTriggers();
      const expected = loaded.map(({ id, eventTrigger }) => ({
        id,
        eventType: eventTrigger?.eventType,
        document: eventTrigger?.eventFilterPathPatterns?.document ?? eventTrigger?.eventFilters?.document,
      }));
      // The registration key is the trigger's id with the Functions emulator's reload generation appended.
      const actual = registered.map(({ key, eventType, document }) => ({
        id: key.replace(/-\d+$/, ""),
        eventType,
        document,
      }));
      expect(actual.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        expected.sort((a, b) => a.id.localeCompare(b.id)),
      );
    },
  );

  it("lists each trigger's retry option where the embedded emulators read it, to redeliver an event whose function threw", async () => {
    const publishEntryEvents = (await firestoreFunctionTriggers()).find(
      (trigger) => trigger.id === "us-central1-publishEntryEvents",
    );
    expect(publishEntryEvents?.eventTrigger?.retry).toBe(true);
  });
});
