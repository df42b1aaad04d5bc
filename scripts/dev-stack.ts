import { attachmentUploadExample } from "./stack/attachment-example.js";
import { startEmulatorStack } from "./stack/emulator-stack.js";
import { firestoreReadExample } from "./stack/firestore-example.js";
import { clientCredentialsExample } from "./stack/token-example.js";
import { DEMO_PARTNER, seedDemoClient, seedDemoPartner, signInUrl, type DemoClient } from "./stack/seed.js";
import {
  API_BASE,
  AUTH_EMULATOR_HOST,
  FIRESTORE_EMULATOR_HOST,
  HOSTING_ORIGIN,
  STORAGE_EMULATOR_HOST,
  TASKS_EMULATOR_HOST,
} from "./stack/stack-config.js";

/** `npm start`: the emulator stack with a seeded demo partner, until Ctrl-C. */
async function main(): Promise<void> {
  const started = performance.now();
  console.log("Starting the emulator stack (Auth, Functions, Cloud Tasks, Hosting, Firestore, Storage)…");
  const stack = await startEmulatorStack({ echo: process.argv.includes("--verbose") });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the emulators…`);
    await stack.stop();
    console.log("Stopped; every port is free.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  let entryIds: string[];
  let client: DemoClient;
  try {
    entryIds = await seedDemoPartner();
    client = await seedDemoClient();
  } catch (error) {
    console.error(`Seeding failed: ${(error as Error).message}`);
    await stack.stop();
    process.exit(1);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const credentials = JSON.stringify({
    email: DEMO_PARTNER.email,
    password: DEMO_PARTNER.password,
    returnSecureToken: true,
  });
  console.log(`
Ready in ${seconds} s.

  Partner API    ${API_BASE}
  OpenAPI        ${API_BASE}/openapi.json
  Docs           ${HOSTING_ORIGIN}/docs/   (API reference; getting started: ${HOSTING_ORIGIN}/docs/getting-started/)
  Hosting        ${HOSTING_ORIGIN}/v1/…   (the same API through the Hosting rewrite)
  Auth emulator  http://${AUTH_EMULATOR_HOST}
  Firestore      ${FIRESTORE_EMULATOR_HOST} (${stack.firestoreBackend === "official" ? "official emulator" : "embedded packages/firestore-emulator"}; firestore.rules reloads on save)
  Storage        ${STORAGE_EMULATOR_HOST} (${stack.storageBackend === "official" ? "official emulator" : "embedded packages/storage-emulator"}; storage.rules reloads on save)
  Cloud Tasks    ${TASKS_EMULATOR_HOST} (task queue functions; a task waits for its scheduleTime)
  Firestore triggers of the functions run on every write; their delivery problems are logged as [firestore triggers].

  Demo partner   ${DEMO_PARTNER.partnerId}   user ${DEMO_PARTNER.email}   password ${DEMO_PARTNER.password}

Try it (in another terminal):

  TOKEN=$(curl -s '${signInUrl()}' \\
    -H 'content-type: application/json' \\
    -d '${credentials}' \\
    | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).idToken')

  curl -s ${API_BASE}/me -H "authorization: Bearer $TOKEN"

  curl -s '${API_BASE}/entries?limit=2' -H "authorization: Bearer $TOKEN"

  curl -s ${API_BASE}/entries -H "authorization: Bearer $TOKEN" \\
    -H 'content-type: application/json' -H "idempotency-key: $(date +%s)" \\
    -d '{"type":"income","amountMinor":1990,"currency":"EUR","description":"Coffee","category":"sales","occurredAt":"2026-11-25T09:00:00Z"}'

(or: TOKEN=$(npm run --silent claims -- token ${DEMO_PARTNER.email}))

  Demo client    client_id ${client.clientId}
                 client_secret ${client.clientSecret}   (machine credentials; shown only now)

Get a token the way a partner system does (OAuth 2.0 client credentials), then use it:

${indent(clientCredentialsExample(client))}

Read the newest entries directly from Firestore with the Firebase JS SDK (firestore.rules decide; from this folder):

${firestoreReadExample(DEMO_PARTNER)}

Upload an attachment directly to Storage with the Firebase JS SDK (storage.rules decide; from this folder):

${attachmentUploadExample({ ...DEMO_PARTNER, entryId: entryIds[0] ?? "" })}

Ctrl-C stops everything.`);
}

const indent = (snippet: string) => snippet.replace(/^(?=.)/gm, "  ");

void main();
