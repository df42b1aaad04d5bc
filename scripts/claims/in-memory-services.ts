import type { UserRecord } from "firebase-admin/auth";
import {
  type AuditLog,
  newClientId,
  newClientSecret,
  type PartnersRepository,
  type UsageRepository,
  type WebhookEndpointsRepository,
} from "partner-api-functions/shared";
import { revokeAttachmentLinks, type AttachmentLinkStore } from "./attachment-links.js";
import type { CredentialAdminDeps, CredentialAuditEvent, RevocationRecords } from "./credential-admin.js";
import {
  createInMemoryAuditLog,
  type InMemoryAuditLog,
  createInMemoryClientCredentials,
  createInMemoryPartners,
  createInMemoryUsage,
  createInMemoryWebhookEndpoints,
} from "partner-api-functions/testing";
import type { ClaimsAuditEvent } from "./claims-service.js";
import type { Connect } from "./services.js";
import type { CliAuth } from "./users.js";

/** A user of the in-memory Auth, as a test declares it. */
export interface FakeUser {
  uid: string;
  email?: string;
  customClaims?: Record<string, unknown>;
}

/** What the in-memory services hold, for tests to arrange and inspect. */
export interface InMemoryState {
  users: Map<string, FakeUser & { tokensValidAfterTime: string }>;
  partners: PartnersRepository;
  /** What claims changes recorded. */
  audit: InMemoryAuditLog<ClaimsAuditEvent>;
  revocations: Map<string, number>;
  /** What machine-credential operations recorded. */
  credentialAudit: InMemoryAuditLog<CredentialAuditEvent>;
  /** Every Auth call that changes something, in order: "setCustomUserClaims:<uid>", "revokeRefreshTokens:<uid>". */
  authWrites: string[];
  /** How many times connect() ran: zero when the CLI refused before touching any service. */
  connections: number;
  /** Storage objects by name, each with its download tokens. */
  attachments: Map<string, string[]>;
  usage: UsageRepository;
  endpoints: WebhookEndpointsRepository;
  /** The partners whose attachment download tokens were stripped, in order. */
  strippedAttachments: string[];
}

type Failable = "intend" | "applied" | "setCustomUserClaims" | "revokeRefreshTokens" | "record";

const notFound = () => Object.assign(new Error("no user record"), { code: "auth/user-not-found" });

/**
 * Auth, partners, audit log and revocations in memory, with the semantics the CLI relies on (errors
 * with firebase-admin's codes, create-if-missing, revocation at one-second resolution). `failOnce(op)`
 * makes the next call of one operation throw, to prove what a failure at that point leaves behind.
 */
export function inMemoryServices(users: readonly FakeUser[], now: () => Date = () => new Date()) {
  const state: InMemoryState = {
    users: new Map(
      users.map((user) => [user.uid, { ...user, tokensValidAfterTime: new Date(0).toUTCString() }]),
    ),
    partners: createInMemoryPartners(undefined, now),
    audit: createInMemoryAuditLog(),
    revocations: new Map(),
    credentialAudit: createInMemoryAuditLog(),
    authWrites: [],
    connections: 0,
    attachments: new Map(),
    usage: createInMemoryUsage(),
    endpoints: createInMemoryWebhookEndpoints(),
    strippedAttachments: [],
  };
  const failing = new Set<Failable>();
  const maybeFail = (op: Failable) => {
    if (failing.delete(op))
      throw Object.assign(new Error(`${op} failed (injected)`), { code: "unavailable" });
  };
  const record = (uid: string): UserRecord => {
    const user = state.users.get(uid);
    if (!user) throw notFound();
    return { disabled: false, ...structuredClone(user) } as unknown as UserRecord;
  };
  const byEmail = (email: string) => [...state.users.values()].find((user) => user.email === email);

  const auth = {
    getUser: async (uid: string) => record(uid),
    async getUserByEmail(email: string) {
      const user = byEmail(email);
      if (!user) throw notFound();
      return record(user.uid);
    },
    async getUsers(identifiers: ({ uid: string } | { email: string })[]) {
      const found = identifiers.flatMap((id) => {
        const user = "uid" in id ? state.users.get(id.uid) : byEmail(id.email);
        return user ? [record(user.uid)] : [];
      });
      return { users: found, notFound: [] };
    },
    listUsers: async () => ({ users: [...state.users.keys()].map(record), pageToken: undefined }),
    async setCustomUserClaims(uid: string, claims: Record<string, unknown> | null) {
      maybeFail("setCustomUserClaims");
      const user = state.users.get(uid);
      if (!user) throw notFound();
      user.customClaims = structuredClone(claims ?? {});
      state.authWrites.push(`setCustomUserClaims:${uid}`);
    },
    async revokeRefreshTokens(uid: string) {
      maybeFail("revokeRefreshTokens");
      const user = state.users.get(uid);
      if (!user) throw notFound();
      // Auth keeps the cut-off in whole seconds.
      user.tokensValidAfterTime = new Date(Math.floor(now().getTime() / 1000) * 1000).toUTCString();
      state.authWrites.push(`revokeRefreshTokens:${uid}`);
    },
    createCustomToken: async (uid: string) => `custom-token-for-${uid}`,
  } as unknown as CliAuth;

  const audit: AuditLog<ClaimsAuditEvent> = {
    ...state.audit,
    async intend(event) {
      maybeFail("intend");
      return state.audit.intend(event);
    },
    async applied(id) {
      maybeFail("applied");
      await state.audit.applied(id);
    },
  };

  const revocations: RevocationRecords = {
    async record(uid, revokedAt) {
      maybeFail("record");
      state.revocations.set(uid, revokedAt);
    },
  };

  const credentials: CredentialAdminDeps = {
    store: createInMemoryClientCredentials(),
    identities: {
      async create(uid, _displayName, claims) {
        state.users.set(uid, {
          uid,
          customClaims: { ...claims },
          tokensValidAfterTime: new Date(0).toUTCString(),
        });
      },
      async disable(uid) {
        await auth.revokeRefreshTokens(uid);
        return Math.floor(Date.parse((await auth.getUser(uid)).tokensValidAfterTime ?? "") / 1000);
      },
    },
    revocations,
    audit: state.credentialAudit.append,
    clock: now,
    newClientId: () => newClientId(),
    newClientSecret: () => newClientSecret(),
  };

  const attachments: AttachmentLinkStore = {
    names: async (prefix) => [...state.attachments.keys()].filter((name) => name.startsWith(prefix)),
    replaceDownloadTokens: async (name, token) => void state.attachments.set(name, [token]),
  };

  const connect: Connect = () => {
    state.connections++;
    return {
      auth,
      actor: { kind: "emulator", email: null, osUser: "test", host: "test", tool: "claims-cli" },
      claims: { auth, partners: state.partners, audit, revocations, attachments },
      credentials,
      attachments,
      program: {
        usage: state.usage,
        endpoints: state.endpoints,
        async stripAttachmentDownloadTokens(partnerId) {
          state.strippedAttachments.push(partnerId);
          return revokeAttachmentLinks(attachments, partnerId);
        },
      },
      close: async () => {},
    };
  };

  return { state, connect, failOnce: (op: Failable) => void failing.add(op) };
}
