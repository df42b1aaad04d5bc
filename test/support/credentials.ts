import { createClientCredentialRepository } from "partner-api-functions/client-credentials-repository";
import { createAuditLogRepository } from "partner-api-functions/audit-log-repository";
import { firebaseCredentialIdentities } from "partner-api-functions/credential-identities";
import { firestoreRevocations } from "partner-api-functions/revocations";
import { newClientId, newClientSecret } from "partner-api-functions/client-secret";
import {
  createCredential,
  type CredentialAdminDeps,
  type CredentialAuditEvent,
} from "partner-api-functions/credential-admin";
import type { Scope } from "partner-api-functions/partner-claims";
import { API_BASE, adminAuth, adminDb, partners, uniqueId } from "./stack.js";

/** The credential admin operations over the emulators, as the CLI runs them. */
export function credentialAdmin(): CredentialAdminDeps {
  return {
    store: createClientCredentialRepository(adminDb()),
    identities: firebaseCredentialIdentities(adminAuth()),
    revocations: firestoreRevocations(adminDb()),
    audit: createAuditLogRepository<CredentialAuditEvent>(adminDb(), { source: "tests" }).append,
    clock: () => new Date(),
    newClientId: () => newClientId(),
    newClientSecret: () => newClientSecret(),
  };
}

export interface TestCredential {
  clientId: string;
  clientSecret: string;
  partnerId: string;
}

/** A partner (document unless status is null) with one machine credential holding the given scopes. */
export async function partnerCredential({
  scopes = ["entries:read", "entries:write"],
  status = "active",
}: { scopes?: Scope[]; status?: "active" | "suspended" } = {}): Promise<TestCredential> {
  const partnerId = uniqueId("p");
  await partners().createPartner({ id: partnerId, status });
  const { credential, clientSecret } = await createCredential(
    credentialAdmin(),
    { role: "partner", partnerId, scopes },
    "test client",
  );
  return { clientId: credential.clientId, clientSecret, partnerId };
}

export interface TokenResponse {
  status: number;
  headers: Headers;
  // The endpoint's JSON answer, checked field by field with expect().
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * POSTs to /v1/oauth/token over real HTTP. On the stack every request has one source (nothing appends
 * an X-Forwarded-For hop, so the function takes the socket's peer): failures of every test in a
 * function worker count together, which is why the suites that reach the limit run alone.
 */
export async function requestToken(
  form: Record<string, string> | string,
  { headers = {} }: { headers?: Record<string, string> } = {},
): Promise<TokenResponse> {
  const response = await fetch(`${API_BASE}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: typeof form === "string" ? form : new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON; the test asserts on the status.
  }
  return { status: response.status, headers: response.headers, body };
}

/** `Authorization: Basic` for a client, both parts form-urlencoded first (RFC 6749 §2.3.1). */
export function basicAuth(clientId: string, clientSecret: string): string {
  const encode = (text: string) => encodeURIComponent(text).replaceAll("%20", "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString("base64")}`;
}

/** The secret with its last character changed: well formed, and never the secret itself. */
export function wrongSecret(clientSecret: string): string {
  return `${clientSecret.slice(0, -1)}${clientSecret.endsWith("x") ? "y" : "x"}`;
}

/** The claims inside an ID token (the Auth emulator's are unsigned, and ours came straight from Auth). */
export function tokenClaims(idToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}

/** The audit records of the tokens issued to this client id. */
export async function tokenAuditLogs(clientId: string) {
  const snapshot = await adminDb()
    .collection("auditLogs")
    .where("clientId", "==", clientId)
    .where("action", "==", "credentials.token")
    .get();
  return snapshot.docs.map((doc) => doc.data());
}
