/**
 * Whether a trigger's function asked for `retry` (firebase-functions' `retry: true`, redelivery of an
 * event whose run threw). The registration the Functions emulator sends a Firestore emulator leaves the
 * option out, so it is read from the trigger's definition in the Functions emulator's `GET /backends`
 * (the list its Emulator UI reads), whose ids are the registration keys without their reload suffix
 * (`us-central1-onEntry` for `us-central1-onEntry-0`). Looked up on a trigger's first failure only.
 */
export function createRetryLookup(functionsEmulatorHost: string): (key: string) => Promise<boolean> {
  const known = new Map<string, boolean>();
  return async (key) => {
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    const response = await fetch(`http://${functionsEmulatorHost}/backends`);
    const { backends = [] } = (await response.json()) as {
      backends?: { functionTriggers?: { id?: string; eventTrigger?: { retry?: boolean } }[] }[];
    };
    const id = key.replace(/-\d+$/, "");
    const definition = backends.flatMap((backend) => backend.functionTriggers ?? []).find((t) => t.id === id);
    const retry = definition?.eventTrigger?.retry === true;
    known.set(key, retry);
    return retry;
  };
}
