// Loaded into the firebase-tools process the stack starts (NODE_OPTIONS=--import). Our Firestore and
// Storage emulators redeliver an event whose function threw only if the function asked for `retry`, and
// read that option from the Functions emulator's `GET /backends` (packages/function-triggers,
// trigger-retry.ts). firebase-tools builds each event trigger's definition from the functions' manifest
// without the option, so every function would read as `retry: false`; this keeps it in the definition.
import { isFirebaseToolsCli, requireFirebaseTools } from "./firebase-tools-cli.mjs";

if (isFirebaseToolsCli()) {
  const shared = requireFirebaseTools("emulator/functionsEmulatorShared.js");
  const toDefinitions = shared.emulatedFunctionsFromEndpoints;
  // The Functions emulator calls it through the module's exports, so replacing the export reaches it.
  shared.emulatedFunctionsFromEndpoints = (endpoints) => {
    const definitions = toDefinitions(endpoints);
    for (const definition of definitions) {
      const endpoint = endpoints.find((e) => e.id === definition.name && e.region === definition.region);
      if (definition.eventTrigger && endpoint?.eventTrigger?.retry !== undefined)
        definition.eventTrigger.retry = endpoint.eventTrigger.retry;
    }
    return definitions;
  };
}
