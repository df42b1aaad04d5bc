// Loaded into the firebase-tools process the stack starts (NODE_OPTIONS=--import) when Firestore is
// our embedded emulator. firebase-tools' Functions emulator registers Firestore triggers only with a
// Firestore emulator in its own registry (one it started); this puts ours there, at the address in
// EMBEDDED_FIRESTORE_EMULATOR_HOST, so the Functions emulator registers every Firestore trigger with it
// exactly as with the official emulator (POST .../eventarcTrigger) and our emulator posts the events
// back. firebase-tools also hands the address to the function workers (FIRESTORE_EMULATOR_HOST, the
// same value the stack sets). It never starts, stops or exports it: the stack owns its lifetime.
import process from "node:process";
import { isFirebaseToolsCli, requireFirebaseTools } from "./firebase-tools-cli.mjs";

const address = process.env.EMBEDDED_FIRESTORE_EMULATOR_HOST;

if (address && isFirebaseToolsCli()) {
  const { EmulatorRegistry } = requireFirebaseTools("emulator/registry.js");
  const { Emulators } = requireFirebaseTools("emulator/types.js");
  const separator = address.lastIndexOf(":");
  const host = address.slice(0, separator);
  const port = Number(address.slice(separator + 1));
  EmulatorRegistry.set(Emulators.FIRESTORE, {
    getName: () => Emulators.FIRESTORE,
    getInfo: () => ({
      name: Emulators.FIRESTORE,
      host,
      port,
      listen: [{ address: host, family: "IPv4", port }],
    }),
    start: async () => {},
    connect: async () => {},
    stop: async () => {},
  });
}
