import type { DocumentTrigger } from "@partner-api/firestore-emulator";
import { inject } from "vitest";
import type { FirestoreFault } from "./firestore-faults.js";

/** Stops or restarts the stack's embedded Firestore, through the test control server (global-setup.ts). */
export async function firestore(action: "stop" | "start"): Promise<void> {
  const response = await fetch(`${inject("stackControlUrl")}/firestore/${action}`, { method: "POST" });
  if (response.status !== 204) throw new Error(`could not ${action} Firestore: ${response.status}`);
}

/** Delays or fails the embedded Firestore's RPCs that match, until `remove()`. */
export async function injectFault(fault: FirestoreFault) {
  const faults = `${inject("stackControlUrl")}/firestore/faults`;
  const response = await fetch(faults, { method: "POST", body: JSON.stringify(fault) });
  if (response.status !== 200) throw new Error(`could not inject a fault: ${response.status}`);
  const { id } = (await response.json()) as { id: number };
  return {
    /** How many calls went through the fault so far (delayed ones once their delay is over). */
    hits: async () => ((await (await fetch(`${faults}/${id}`)).json()) as { hits: number }).hits,
    remove: async () => void (await fetch(`${faults}/${id}`, { method: "DELETE" })),
  };
}

/** The Firestore triggers the Functions emulator registered with the stack's embedded Firestore. */
export async function registeredTriggers(): Promise<DocumentTrigger[]> {
  const response = await fetch(`${inject("stackControlUrl")}/firestore/triggers`);
  if (response.status !== 200) throw new Error(`could not read the triggers: ${response.status}`);
  return (await response.json()) as DocumentTrigger[];
}
