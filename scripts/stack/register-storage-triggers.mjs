// Loaded into the firebase-tools process the stack starts (NODE_OPTIONS=--import) when Storage is our
// embedded emulator. firebase-tools' Functions emulator keeps Storage triggers to itself: the official
// Storage emulator posts every change to its trigger_multicast route, which answers at once and hands the
// event to each trigger without order or retry. This registers each Storage trigger with our emulator as
// well, at the address in EMBEDDED_STORAGE_EMULATOR_HOST and the way the Functions emulator registers
// Firestore triggers (POST .../eventarcTrigger), so ours posts each change straight to the trigger's
// route, in order and retried. Functions load only once every registration is answered.
import console from "node:console";
import process from "node:process";
import { isFirebaseToolsCli, requireFirebaseTools } from "./firebase-tools-cli.mjs";

const address = process.env.EMBEDDED_STORAGE_EMULATOR_HOST;

/** Registers one trigger; a refusal or an unreachable emulator is reported, and the functions still load. */
async function register(projectId, key, eventType, bucket) {
  const url = `http://${address}/emulator/v1/projects/${projectId}/eventarcTrigger?eventarcTriggerId=${encodeURIComponent(key)}`;
  try {
    const response = await globalThis.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ eventType, bucket }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${await response.text()}`);
  } catch (error) {
    console.error(`[storage triggers] ${key} (${eventType}) not registered: ${error.message}`);
  }
}

if (address && isFirebaseToolsCli()) {
  const { FunctionsEmulator } = requireFirebaseTools("emulator/functionsEmulator.js");
  const pending = [];
  const addStorageTrigger = FunctionsEmulator.prototype.addStorageTrigger;
  FunctionsEmulator.prototype.addStorageTrigger = function (projectId, key, eventTrigger) {
    const added = addStorageTrigger.call(this, projectId, key, eventTrigger);
    // As firebase-tools reads it: the bucket's name, or projects/_/buckets/{bucket}.
    const bucket = eventTrigger.resource.startsWith("projects/_/buckets/")
      ? eventTrigger.resource.split("/")[3]
      : eventTrigger.resource;
    pending.push(register(projectId, key, eventTrigger.eventType, bucket));
    return added;
  };
  const loadTriggers = FunctionsEmulator.prototype.loadTriggers;
  FunctionsEmulator.prototype.loadTriggers = async function (...args) {
    await loadTriggers.apply(this, args);
    await Promise.all(pending.splice(0));
  };
}
