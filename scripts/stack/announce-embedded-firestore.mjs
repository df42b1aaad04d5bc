// Loaded into the firebase-tools process the stack starts (NODE_OPTIONS=--import) when Firestore is
// our embedded emulator. firebase-tools' Functions emulator registers Firestore triggers only with a
// Firestore emulator in its own registry (one it started); this puts ours there, at the address in
// EMBEDDED_FIRESTORE_EMULATOR_HOST, so the Functions emulator registers every Firestore trigger with it
// exactly as with the official emulator (POST .../eventarcTrigger) and our emulator posts the events
// back. firebase-tools also lists it among the running emulators and hands the address to the function
// workers (FIRESTORE_EMULATOR_HOST, the same value the stack sets). It never starts, stops or exports
// it: the stack owns its lifetime. Other processes that inherit NODE_OPTIONS (npx, function workers)
// are left alone.
import { existsSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";

const address = process.env.EMBEDDED_FIRESTORE_EMULATOR_HOST;
const require = createRequire(import.meta.url);
const firebaseToolsDir = dirname(require.resolve("firebase-tools/package.json"));

// The CLI runs as node_modules/.bin/firebase, a link to firebase-tools' lib/bin/firebase.js (function
// workers run another of its files, named without extension).
const cli = join(firebaseToolsDir, "lib", "bin", "firebase.js");
const script = process.argv[1] && existsSync(process.argv[1]) ? realpathSync(process.argv[1]) : "";

if (address && script === cli) {
  const { EmulatorRegistry } = require("firebase-tools/lib/emulator/registry.js");
  const { Emulators } = require("firebase-tools/lib/emulator/types.js");
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
