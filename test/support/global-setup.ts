import { createServer, type Server } from "node:http";
import type { TestProject } from "vitest/node";
import { startEmulatorStack, type EmulatorStack } from "../../scripts/stack/emulator-stack.js";
import { createFirestoreFaults } from "./firestore-faults.js";
import { PROJECT_ID, TEST_FUNCTIONS_ENV } from "./stack.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the stack's test-only control server (fault injection). */
    stackControlUrl: string;
  }
}

let stack: EmulatorStack | undefined;
let control: Server | undefined;

/**
 * Starts the emulator stack once for every API and CLI test file, and a loopback control server
 * through which fault tests stop and restart the embedded Firestore (it lives in this process) or
 * delay and fail its RPCs (firestore-faults.ts), and trigger tests read its registered triggers.
 */
export async function setup(project: TestProject): Promise<void> {
  const faults = createFirestoreFaults();
  stack = await startEmulatorStack({
    functionsEnv: TEST_FUNCTIONS_ENV,
    firestoreBeforeCall: faults.beforeCall,
  });
  const firestore = stack.embeddedFirestore;
  control = createServer(async (req, res) => {
    if (await faults.handle(req, res)) return;
    if (req.url === "/firestore/triggers" && firestore !== null) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(firestore.triggers(PROJECT_ID)));
      return;
    }
    const action =
      req.url === "/firestore/stop"
        ? firestore?.stop()
        : req.url === "/firestore/start"
          ? firestore?.start()
          : undefined;
    if (!action) {
      res.writeHead(404).end();
      return;
    }
    action.then(
      () => res.writeHead(204).end(),
      (error: Error) => res.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((resolve) => control?.listen(0, "127.0.0.1", resolve));
  const address = control.address();
  if (address === null || typeof address === "string") throw new Error("control server has no port");
  project.provide("stackControlUrl", `http://127.0.0.1:${address.port}`);
}

export async function teardown(): Promise<void> {
  await new Promise((resolve) => (control ? control.close(resolve) : resolve(undefined)));
  await stack?.stop();
}
