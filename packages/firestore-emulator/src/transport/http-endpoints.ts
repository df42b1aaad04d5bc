import type http from "node:http";
import type { RulesFile, RulesIssue } from "../rules/security-rules.js";

const CLEAR_DOCUMENTS = /^\/emulator\/v1\/projects\/([^/]+)\/databases\/([^/]+)\/documents\/?$/;
const SECURITY_RULES = /^\/emulator\/v1\/projects\/([^/:]+):securityRules$/;
const EVENTARC_TRIGGER = /^\/emulator\/v1\/projects\/([^/]+)\/eventarcTrigger$/;
/** Rules sources are at most 256 KiB on the service; anything far beyond is not a rules upload. */
const MAX_RULES_BODY = 1024 * 1024;

/** What the HTTP endpoints act on. */
export interface HttpActions {
  /** Drops a project's documents. */
  clear(projectId: string): void;
  /** Installs a project's rules; returns the issues found (none: installed). */
  loadRules(projectId: string, files: readonly RulesFile[]): RulesIssue[];
  /** Registers a function's Firestore trigger; returns why it is refused, or null. */
  registerTrigger(projectId: string, key: string, body: unknown): string | null;
}

type Reply = (status: number, body: unknown, headers?: http.OutgoingHttpHeaders) => void;

function readBody(request: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_RULES_BODY) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_RULES_BODY ? null : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** The rules files of a `{"rules":{"files":[{"name"?,"content"}]}}` body, or null if it is not one. */
function rulesFiles(body: string): RulesFile[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const files = (parsed as { rules?: { files?: unknown } } | null)?.rules?.files;
  if (!Array.isArray(files) || files.length === 0) return null;
  const valid = files.every(
    (file: unknown) =>
      typeof (file as RulesFile | null)?.content === "string" &&
      ["string", "undefined"].includes(typeof (file as RulesFile).name),
  );
  return valid ? (files as RulesFile[]) : null;
}

/**
 * `PUT /emulator/v1/projects/{project}:securityRules`, as rules-unit-testing (JSON sent as text/plain)
 * and firebase-tools (adding `name` and `ignore_errors`) call it: 200 `{"issues":[]}` when installed;
 * syntax issues are 400 with the issues, or 200 with them under `ignore_errors` (firebase-tools prints
 * them); either way the previous rules stay in force.
 */
async function putRules(
  actions: HttpActions,
  projectId: string,
  request: http.IncomingMessage,
  reply: Reply,
) {
  const body = await readBody(request);
  if (body === null) return reply(413, { error: { code: 413, message: "Rules body over 1 MiB." } });
  const files = rulesFiles(body);
  if (files === null) {
    const message = 'Expected {"rules":{"files":[{"content":"<rules source>"}]}}.';
    return reply(400, { error: { code: 400, message, status: "INVALID_ARGUMENT" } });
  }
  const issues = actions.loadRules(projectId, files);
  const ignoreErrors = (JSON.parse(body) as { ignore_errors?: unknown }).ignore_errors === true;
  reply(issues.length > 0 && !ignoreErrors ? 400 : 200, { issues });
}

/**
 * `POST /emulator/v1/projects/{project}/eventarcTrigger?eventarcTriggerId={key}`, as firebase-tools'
 * Functions emulator registers each 2nd-gen Firestore trigger with a Firestore emulator: 200 `{}`, or
 * 400 with the reason.
 */
async function postTrigger(
  actions: HttpActions,
  projectId: string,
  request: http.IncomingMessage,
  reply: Reply,
) {
  const key = new URL(request.url ?? "/", "http://emulator").searchParams.get("eventarcTriggerId") ?? "";
  const body = await readBody(request);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(body ?? "");
  } catch {
    // Reported as a missing event type below.
  }
  const problem = actions.registerTrigger(projectId, key, parsed);
  if (problem === null) return reply(200, {});
  reply(400, { error: { code: 400, message: problem, status: "INVALID_ARGUMENT" } });
}

/**
 * The emulator's HTTP/1.1 endpoints that tools expect: `GET /` answers "Ok",
 * `DELETE /emulator/v1/projects/{project}/databases/{database}/documents` drops a project's documents, and
 * `PUT /emulator/v1/projects/{project}:securityRules` loads its security rules, and
 * `POST /emulator/v1/projects/{project}/eventarcTrigger` registers a function's Firestore trigger.
 */
export function createHttpHandler(actions: HttpActions): http.RequestListener {
  return (request, response) => {
    const reply: Reply = (status, body, headers = {}) => {
      const text = typeof body === "string" ? body : JSON.stringify(body);
      const type = typeof body === "string" ? "text/plain" : "application/json";
      response.writeHead(status, { "content-type": type, ...headers }).end(text);
    };
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const clearMatch = CLEAR_DOCUMENTS.exec(path);
    const rulesMatch = SECURITY_RULES.exec(path);
    if (rulesMatch !== null && request.method === "PUT") {
      putRules(actions, decodeURIComponent(rulesMatch[1] as string), request, reply).catch(() =>
        reply(400, { error: { code: 400, message: "The request body could not be read." } }),
      );
      return;
    }
    const triggerMatch = EVENTARC_TRIGGER.exec(path);
    if (triggerMatch !== null && request.method === "POST") {
      postTrigger(actions, decodeURIComponent(triggerMatch[1] as string), request, reply).catch(() =>
        reply(400, { error: { code: 400, message: "The request body could not be read." } }),
      );
      return;
    }
    if (request.method === "GET" && path === "/") {
      reply(200, "Ok");
    } else if (clearMatch !== null && request.method === "DELETE") {
      actions.clear(decodeURIComponent(clearMatch[1] as string));
      reply(200, {});
    } else if (clearMatch !== null || rulesMatch !== null || triggerMatch !== null) {
      const allow = clearMatch !== null ? "DELETE" : rulesMatch !== null ? "PUT" : "POST";
      reply(405, { error: "Method not allowed" }, { allow });
    } else {
      reply(404, { error: "Not found" });
    }
    request.resume();
  };
}
