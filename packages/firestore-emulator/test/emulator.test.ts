import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import { createFirestoreEmulator } from "../src/index.js";
import { externalHost } from "./support/target.js";

/** A firebase-admin client bound to `host` (the variable is read once, when the client is built). */
function clientFor(host: string, projectId: string) {
  process.env.METADATA_SERVER_DETECTION ??= "none";
  const previous = process.env.FIRESTORE_EMULATOR_HOST;
  process.env.FIRESTORE_EMULATOR_HOST = host;
  try {
    return getFirestore(initializeApp({ projectId }, `${projectId}-${Math.random()}`));
  } finally {
    if (previous === undefined) delete process.env.FIRESTORE_EMULATOR_HOST;
    else process.env.FIRESTORE_EMULATOR_HOST = previous;
  }
}

// The lifecycle of the embedded emulator itself; nothing here applies to an external one.
describe.skipIf(externalHost !== undefined)("embedded emulator lifecycle", () => {
  // Start-up time is measured by the package bench, not asserted here (no timed assertions in tests).
  it("starts on an ephemeral port", async () => {
    const emulator = createFirestoreEmulator({ port: 0 });
    await emulator.start();
    expect(emulator.port).toBeGreaterThan(0);
    await emulator.stop();
  });

  it("keeps data across stop and start on the same port, and stops promptly with a listener open", async () => {
    const emulator = createFirestoreEmulator({ port: 0 });
    await emulator.start();
    const host = `${emulator.host}:${emulator.port}`;
    const db = clientFor(host, "demo-lifecycle");
    await db.doc("k/v").set({ n: 1 });
    const unsubscribe = db.collection("k").onSnapshot(
      () => undefined,
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // An open listener must not hold stop() up (the test's timeout is the bound).
    await emulator.stop();
    unsubscribe();
    await emulator.start();
    expect(`${emulator.host}:${emulator.port}`).toBe(host);
    expect((await db.doc("k/v").get()).get("n")).toBe(1);
    emulator.clear("demo-lifecycle");
    expect((await db.doc("k/v").get()).exists).toBe(false);
    await emulator.stop();
  });

  it("runs as a command that prints a ready line and exits cleanly on SIGTERM", async () => {
    const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", cli, "--host", "127.0.0.1", "--port", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    expect(line.toString()).toMatch(/ready on 127\.0\.0\.1:\d+/);
    const port = /:(\d+)/.exec(line.toString())?.[1];
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });
});
