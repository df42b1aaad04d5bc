import { TEST_ACCESS_CACHE_SECONDS } from "./stack.js";
import { startEmulatorStack, type EmulatorStack } from "../../scripts/stack/emulator-stack.js";

let stack: EmulatorStack | undefined;

/** Starts the emulator stack once for every API and CLI test file, and stops it afterwards. */
export async function setup(): Promise<void> {
  stack = await startEmulatorStack({
    functionsEnv: { ACCESS_CACHE_SECONDS: String(TEST_ACCESS_CACHE_SECONDS) },
  });
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
