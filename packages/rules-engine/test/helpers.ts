// Shared harness for the conformance suite.
import { parseRules, type Decision, type RulesRequest } from "../src/index.js";

export type Outcome = true | false | "error";

export const DOCS = "/databases/(default)/documents";

/**
 * Evaluates one expression as the condition of an allow statement and reports whether it was
 * true, false, or an error (a denial that records an evaluation error).
 */
export function outcome(expr: string, req: Partial<RulesRequest> = {}): Outcome {
  const rules = parseRules(`rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    match /t/{id} {
      allow get: if ${expr};
    }
  }
}`);
  const d = rules.evaluate({ path: `${DOCS}/t/x`, method: "get", auth: null, ...req });
  return decisionOutcome(d);
}

export function decisionOutcome(d: Decision): Outcome {
  if (d.allowed) return true;
  return d.errors.length > 0 ? "error" : false;
}

/** Wraps match blocks in a Firestore service with the documents root. */
export function firestoreRules(body: string): string {
  return `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
${body}
  }
}`;
}

export function storageRules(body: string): string {
  return `rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
${body}
  }
}`;
}

export const alice = { uid: "alice", token: { email: "alice@example.com", email_verified: true } };
export const bob = { uid: "bob", token: {} };
