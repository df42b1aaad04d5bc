import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { startEmulatorStack, type EmulatorStack } from "../../scripts/stack/emulator-stack.js";
import { REPO_ROOT } from "../../scripts/stack/stack-config.js";
import { provisionChromium, type BrowserAvailability } from "./browser.js";
import { createFirestoreFaults } from "./firestore-faults.js";
import { PROJECT_ID, TEST_FUNCTIONS_ENV } from "./stack.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the stack's test-only control server (readiness, fault injection). */
    stackControlUrl: string;
    /** The Chromium the docs site's browser tests drive, or why there is none (browser.ts). */
    chromium: BrowserAvailability;
  }
}

let starting: Promise<EmulatorStack> | undefined;
let control: Server | undefined;

/**
 * Builds what the emulators serve (`npm run build`: the functions, the client, the docs site) and
 * starts the emulator stack once for every API and CLI test file, and a loopback control server
 * through which stack files wait for it (stack-ready.ts), fault tests stop and restart the embedded
 * Firestore (it lives in this process) or delay and fail its RPCs (firestore-faults.ts), and trigger
 * tests read its registered triggers. Build and start run in the background: the suites that need no
 * emulator run meanwhile. It also finds (or installs) the browser the docs site's tests drive; where
 * there is none, those tests are skipped with one line saying why, except in CI, where they fail.
 */
export async function setup(project: TestProject): Promise<void> {
  const chromium = provisionChromium();
  const faults = createFirestoreFaults();
  const stack = build().then(() =>
    startEmulatorStack({ functionsEnv: TEST_FUNCTIONS_ENV, firestoreBeforeCall: faults.beforeCall }),
  );
  starting = stack;
  // Its failure is answered on /ready, to every stack file.
  stack.catch(() => undefined);
  control = createServer(async (req, res) => {
    let firestore;
    try {
      firestore = (await stack).embeddedFirestore;
    } catch (error) {
      res.writeHead(500).end(`the emulator stack did not start: ${(error as Error).message}`);
      return;
    }
    if (req.url === "/ready") {
      res.writeHead(204).end();
      return;
    }
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
  const browser = await chromium;
  if ("missing" in browser && !process.env.CI) {
    process.stderr.write(
      `Skipping the docs site's browser tests (test/site/docs-site.test.ts): ${browser.missing}.\n`,
    );
  }
  project.provide("chromium", browser);
}

async function build(): Promise<void> {
  try {
    await promisify(execFile)("npm", ["run", "build"], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${stdout}${stderr}`);
  }
}

export async function teardown(): Promise<void> {
  await new Promise((resolve) => (control ? control.close(resolve) : resolve(undefined)));
  await (await starting?.catch(() => undefined))?.stop();
}
