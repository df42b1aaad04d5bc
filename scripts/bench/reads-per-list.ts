import type { FirestoreEmulator } from "@partner-api/firestore-emulator";
import { PROJECT_ID } from "../stack/stack-config.js";

/**
 * Firestore document reads one list request costs, counted by the embedded emulator (not worked out
 * on paper): one warm-up request (so per-instance caches such as the API's partner status are what a
 * busy partner sees), then the average over `requests` sequential ones. Nothing else talks to the
 * emulator meanwhile.
 */
export async function readsPerListRequest(
  firestore: FirestoreEmulator,
  url: string,
  token: string,
  requests = 3,
): Promise<number> {
  const list = async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200)
      throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  await list();
  const before = firestore.documentReads(PROJECT_ID);
  for (let i = 0; i < requests; i++) await list();
  return Math.round(((firestore.documentReads(PROJECT_ID) - before) / requests) * 10) / 10;
}
