// The endpoint through which Storage triggers are registered, shaped like the one firebase-tools'
// Functions emulator calls on a Firestore emulator:
//   POST /emulator/v1/projects/{project}/eventarcTrigger?eventarcTriggerId={key}  {"eventType","bucket"}
import type { IncomingMessage, ServerResponse } from "node:http";
import { StorageError } from "../errors.js";
import { readJson } from "./request-body.js";
import { sendJson } from "./responses.js";

export interface TriggerApiDeps {
  /** Registers a function's Storage trigger; returns why it is refused, or null. */
  registerTrigger(projectId: string, key: string, body: unknown): string | null;
}

const EVENTARC_TRIGGER = /^\/emulator\/v1\/projects\/([^/]+)\/eventarcTrigger$/;

export async function handleTriggerApi(
  deps: TriggerApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const match = EVENTARC_TRIGGER.exec(url.pathname);
  if (match === null) throw new StorageError("NOT_FOUND", `No route for ${url.pathname}.`);
  if (request.method !== "POST")
    throw new StorageError("METHOD_NOT_ALLOWED", `Use POST on ${url.pathname}.`, { allow: "POST" });
  const key = url.searchParams.get("eventarcTriggerId") ?? "";
  const problem = deps.registerTrigger(decodeURIComponent(match[1] as string), key, await readJson(request));
  if (problem !== null) throw new StorageError("BAD_REQUEST", problem);
  sendJson(response, 200, {});
}
