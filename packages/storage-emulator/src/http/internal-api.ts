// The emulator's own endpoints, as rules-unit-testing and firebase-tools call them:
//   PUT  /internal/setRules   {"rules":{"files":[{"name","content"}]}}
//   POST /internal/reset      drops every object and unfinished upload
import type { IncomingMessage, ServerResponse } from "node:http";
import { RulesSyntaxError } from "@partner-api/rules-engine";
import { assert, StorageError } from "../errors.js";
import { readJson } from "./request-body.js";
import { sendEmpty, sendJson } from "./responses.js";

export interface InternalApiDeps {
  loadRules(source: string): void;
  reset(): void;
}

export async function handleInternalApi(
  deps: InternalApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  if (url.pathname === "/internal/setRules" && request.method === "PUT") {
    const source = rulesSource(await readJson(request));
    try {
      deps.loadRules(source);
    } catch (error) {
      if (!(error instanceof RulesSyntaxError)) throw error;
      return sendJson(response, 400, {
        error: { code: 400, message: error.message, line: error.line, column: error.column },
      });
    }
    return sendEmpty(response, 200);
  }
  if (url.pathname === "/internal/reset" && request.method === "POST") {
    deps.reset();
    return sendEmpty(response, 200);
  }
  throw new StorageError("NOT_FOUND", `No route for ${request.method} ${url.pathname}.`);
}

/** The storage rules file of a setRules body (rules-unit-testing sends one file named storage.rules). */
function rulesSource(body: unknown): string {
  const files = (body as { rules?: { files?: unknown } } | null)?.rules?.files;
  assert(Array.isArray(files) && files.length > 0, "BAD_REQUEST", "setRules needs rules.files[].");
  const content = (files[0] as { content?: unknown } | null)?.content;
  assert(typeof content === "string", "BAD_REQUEST", "rules.files[0].content must be the rules source.");
  return content;
}
