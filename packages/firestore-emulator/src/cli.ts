#!/usr/bin/env -S node --import tsx
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createFirestoreEmulator } from "./index.js";

// `tsx src/cli.ts --host 127.0.0.1 --port 8080 [--indexes firestore.indexes.json --project my-project]`:
// runs the emulator until SIGINT or SIGTERM. With --indexes, the project's queries must be served by
// those indexes (FAILED_PRECONDITION otherwise); without, every query is served, as the official emulator does.
const { values } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "8080" },
    indexes: { type: "string" },
    project: { type: "string" },
  },
});
const fail = (message: string) => {
  console.error(`firestore-emulator: ${message}`);
  process.exit(2);
};
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${values.port}`);
if ((values.indexes === undefined) !== (values.project === undefined))
  fail("--indexes and --project go together");

const emulator = createFirestoreEmulator({ host: values.host, port });
if (values.indexes !== undefined && values.project !== undefined) {
  try {
    emulator.loadIndexes(values.project, readFileSync(values.indexes, "utf8"));
  } catch (error) {
    fail(`cannot use --indexes ${values.indexes}: ${(error as Error).message}`);
  }
}
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
