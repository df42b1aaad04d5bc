// Loaded into the firebase-tools process the stack starts (NODE_OPTIONS=--import), so the stack
// answers as production does. The Functions emulator's proxy is an express app that stamps
// `X-Powered-By: Express` on every response it relays; production's runtime (the Functions
// Framework) disables that header. Function workers are left alone (they run with
// FUNCTIONS_EMULATOR=true): there the function's own reply must remove its runtime's header, and the
// tests check that it does.
import { ServerResponse } from "node:http";
import process from "node:process";

if (process.env.FUNCTIONS_EMULATOR !== "true") {
  const setHeader = ServerResponse.prototype.setHeader;
  ServerResponse.prototype.setHeader = function (name, value) {
    return String(name).toLowerCase() === "x-powered-by" ? this : setHeader.call(this, name, value);
  };
}
