// Shared by the stack's preloads (NODE_OPTIONS=--import) that adjust firebase-tools from inside its own
// process. NODE_OPTIONS reaches every Node process the stack starts from there (npx, the CLI, function
// workers); only the CLI process runs the emulators these preloads adjust.
import { existsSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";

const require = createRequire(import.meta.url);
const firebaseToolsDir = dirname(require.resolve("firebase-tools/package.json"));

/** Whether this process is firebase-tools' CLI (node_modules/.bin/firebase, a link to lib/bin/firebase.js). */
export function isFirebaseToolsCli() {
  // Function workers run another file of firebase-tools, named without extension.
  const script = process.argv[1] && existsSync(process.argv[1]) ? realpathSync(process.argv[1]) : "";
  return script === join(firebaseToolsDir, "lib", "bin", "firebase.js");
}

/** A module of firebase-tools' lib/ (e.g. "emulator/registry.js"): the same instance the CLI uses. */
export function requireFirebaseTools(path) {
  return require(join(firebaseToolsDir, "lib", path));
}
