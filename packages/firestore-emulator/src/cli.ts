#!/usr/bin/env -S node --import tsx
import { parseArgs } from "node:util";
import { createFirestoreEmulator } from "./index.js";

// `tsx src/cli.ts --host 127.0.0.1 --port 8080`: runs the emulator until SIGINT or SIGTERM.
const { values } = parseArgs({
  options: { host: { type: "string", default: "127.0.0.1" }, port: { type: "string", default: "8080" } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`firestore-emulator: invalid --port ${values.port}`);
  process.exit(2);
}

const emulator = createFirestoreEmulator({ host: values.host, port });
try {
  await emulator.start();
} catch (error) {
  console.error(`firestore-emulator: cannot listen on ${values.host}:${port}: ${(error as Error).message}`);
  process.exit(1);
}
console.log(`firestore-emulator ready on ${emulator.host}:${emulator.port}`);

const shutdown = () => {
  emulator.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
