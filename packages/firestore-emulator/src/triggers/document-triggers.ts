import type { DocumentChange } from "../store/document-store.js";

/**
 * A Firestore trigger of a 2nd-gen function, as firebase-tools' Functions emulator registers it with a
 * Firestore emulator (`POST /emulator/v1/projects/{project}/eventarcTrigger?eventarcTriggerId={key}`):
 * the event type and the document it watches, exact or a path pattern with wildcards.
 */
export interface DocumentTrigger {
  readonly projectId: string;
  /** The Functions emulator's name for the trigger: the last segment of the route events go to. */
  readonly key: string;
  /** `google.cloud.firestore.document.v1.{written,created,updated,deleted}`. */
  readonly eventType: string;
  /** Database id, e.g. `(default)`. */
  readonly database: string;
  readonly namespace: string;
  /** `partners/{partnerId}/entries/{entryId}` (PATH_PATTERN) or one document's path (EXACT). */
  readonly document: string;
}

const EVENT_TYPE = /^google\.cloud\.firestore\.document\.v1\.(written|created|updated|deleted)$/;

type ChangeKind = "created" | "updated" | "deleted";

/** The kind of a document change, as the event types name it. */
function kindOf(change: DocumentChange): ChangeKind {
  if (change.before === null) return "created";
  return change.after === null ? "deleted" : "updated";
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Compiles a document path pattern as firebase-functions writes it: `{name}`, `{name=*}` and `*` match one
 * segment, `{name=**}` and `**` one or more; any other segment matches itself. An EXACT document is a
 * pattern without wildcards.
 */
function compilePattern(pattern: string): RegExp {
  const segments = pattern
    .replace(/^\/+|\/+$/g, "")
    .split("/")
    .map((segment) => {
      if (/^(\{[^}=]+=\*\*\}|\*\*)$/.test(segment)) return "[^/]+(?:/[^/]+)*";
      if (/^(\{[^}=]+(=\*)?\}|\*)$/.test(segment)) return "[^/]+";
      return escapeRegExp(segment);
    });
  return new RegExp(`^${segments.join("/")}$`);
}

/** Checks a registration body from the Functions emulator; returns the trigger or why it is refused. */
export function parseTriggerRegistration(
  projectId: string,
  key: string,
  body: unknown,
): DocumentTrigger | string {
  const bundle = body as {
    eventType?: unknown;
    database?: unknown;
    namespace?: unknown;
    document?: { value?: unknown; matchType?: unknown };
  } | null;
  if (key === "") return "eventarcTriggerId is required.";
  if (typeof bundle?.eventType !== "string") return "eventType is required.";
  if (!EVENT_TYPE.test(bundle.eventType.replace(/\.withAuthContext$/, "")))
    return `Unsupported event type ${bundle.eventType}.`;
  const document = bundle.document?.value;
  if (typeof document !== "string" || document === "") return "document.value is required.";
  if (!["EXACT", "PATH_PATTERN"].includes(String(bundle.document?.matchType)))
    return "document.matchType must be EXACT or PATH_PATTERN.";
  return {
    projectId,
    key,
    eventType: bundle.eventType,
    database: typeof bundle.database === "string" ? bundle.database : "(default)",
    namespace: typeof bundle.namespace === "string" ? bundle.namespace : "(default)",
    document,
  };
}

/** The registered Firestore triggers of every project, and which of them a document change fires. */
export class DocumentTriggers {
  /** `{project}/{key}` → trigger and its compiled document pattern; a key registered again replaces it. */
  private readonly triggers = new Map<string, { trigger: DocumentTrigger; pattern: RegExp }>();

  register(trigger: DocumentTrigger): void {
    this.triggers.set(`${trigger.projectId}/${trigger.key}`, {
      trigger,
      pattern: compilePattern(trigger.document),
    });
  }

  /** The triggers registered for a project, in registration order. */
  ofProject(projectId: string): DocumentTrigger[] {
    return [...this.triggers.values()]
      .map(({ trigger }) => trigger)
      .filter((trigger) => trigger.projectId === projectId);
  }

  /** The triggers a change of a document in `projects/{p}/databases/{d}` fires, in registration order. */
  firedBy(database: string, change: DocumentChange): DocumentTrigger[] {
    const [, projectId, , databaseId] = database.split("/");
    const kind = kindOf(change);
    const fired: DocumentTrigger[] = [];
    for (const { trigger, pattern } of this.triggers.values()) {
      if (trigger.projectId !== projectId || trigger.database !== databaseId) continue;
      // Firestore has one namespace per database in Native mode: "(default)".
      if (trigger.namespace !== "(default)") continue;
      const type = EVENT_TYPE.exec(trigger.eventType.replace(/\.withAuthContext$/, ""))?.[1];
      if (type !== "written" && type !== kind) continue;
      if (pattern.test(change.path)) fired.push(trigger);
    }
    return fired;
  }
}
