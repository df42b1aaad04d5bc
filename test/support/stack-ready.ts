import { inject } from "vitest";

// Every stack file starts once the emulator stack is up (global-setup.ts starts it in the background).
const ready = await fetch(`${inject("stackControlUrl")}/ready`);
if (ready.status !== 204) throw new Error(await ready.text());
