import { randomUUID } from "node:crypto";
import type { ByteBudget } from "./byte-budget.js";
import { assert, StorageError } from "../errors.js";
import type { Identity } from "../rules/identity.js";
import type { MetadataPatch, StoredObject } from "./object-metadata.js";

/** How a session ended the first time it was finalized; a repeated finalize answers the same. */
export type UploadOutcome = { object: StoredObject } | { error: StorageError };

/** A resumable upload from its start until it expires, remembered after it ends as the service does. */
export interface UploadSession {
  readonly id: string;
  readonly bucket: string;
  readonly name: string;
  readonly metadata: MetadataPatch;
  /** The size the client announced at start, if it did. */
  readonly declaredSize: number | undefined;
  /** The caller who started it: finalize is judged as this caller, whatever later requests carry. */
  readonly identity: Identity;
  /** Whether finalize gives the object a download token (uploads through the Firebase API do). */
  readonly mintToken: boolean;
  readonly chunks: Buffer[];
  received: number;
  state: "active" | "final" | "cancelled";
  outcome?: UploadOutcome;
  lastUsed: number;
}

/** The service keeps a resumable session URI usable for one week. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Unfinished sessions one caller may hold; one more evicts that caller's least recently used. */
export const MAX_SESSIONS_PER_CALLER = 100;
/** Sessions remembered at once (unfinished or ended); one more evicts the least recently used. */
export const MAX_SESSIONS = 10_000;

export interface SessionStart {
  bucket: string;
  name: string;
  metadata: MetadataPatch;
  declaredSize: number | undefined;
  identity: Identity;
  mintToken: boolean;
}

/**
 * Resumable uploads: start, chunks at the offset the server has, query, cancel, finalize. Buffered
 * bytes count against the emulator's ByteBudget until the upload ends. Starting is never refused
 * for being too many: the bounds evict the least recently used sessions instead (the caller's own
 * first), so no caller, signed in or not, can keep another from uploading.
 */
export class ResumableUploads {
  // In least-recently-used order: every use moves a session to the end.
  private readonly sessions = new Map<string, UploadSession>();
  // Each caller's unfinished sessions, oldest first.
  private readonly unfinished = new Map<string, Set<UploadSession>>();

  constructor(
    private readonly budget: ByteBudget,
    private readonly clock: () => Date,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  start(request: SessionStart): UploadSession {
    this.expire();
    const own = this.unfinishedOf(request.identity);
    if (own.size >= MAX_SESSIONS_PER_CALLER) this.evict(own.values().next().value as UploadSession);
    if (this.sessions.size >= MAX_SESSIONS) this.evict(this.sessions.values().next().value as UploadSession);
    const session: UploadSession = {
      ...request,
      id: randomUUID(),
      chunks: [],
      received: 0,
      state: "active",
      lastUsed: this.now(),
    };
    this.sessions.set(session.id, session);
    // Looked up again: evicting the caller's last unfinished session dropped its set.
    this.unfinishedOf(request.identity).add(session);
    return session;
  }

  /** The session of an upload id from the upload URL; 404 once it expired or was evicted. */
  get(id: string, bucket: string): UploadSession {
    this.expire();
    const session = this.sessions.get(id);
    if (!session || session.bucket !== bucket) throw new StorageError("NOT_FOUND", `No upload ${id}.`);
    this.sessions.delete(id);
    session.lastUsed = this.now();
    this.sessions.set(id, session);
    return session;
  }

  /** Appends a chunk, which must start where the received bytes end. */
  append(session: UploadSession, offset: number, chunk: Buffer): void {
    assertActive(session);
    assert(
      offset === session.received,
      "BAD_REQUEST",
      `The chunk starts at ${offset}, but ${session.received} bytes were received.`,
    );
    assert(
      session.declaredSize === undefined || session.received + chunk.length <= session.declaredSize,
      "BAD_REQUEST",
      `The upload exceeds the announced ${session.declaredSize} bytes.`,
    );
    this.budget.take(chunk.length);
    session.chunks.push(chunk);
    session.received += chunk.length;
  }

  /** Ends an active session and hands over its bytes (no longer counted here; the store counts them). */
  finish(session: UploadSession): Buffer {
    assertActive(session);
    const data = Buffer.concat(session.chunks);
    this.release(session);
    session.state = "final";
    return data;
  }

  /** Cancels an unfinished upload; cancelling twice is fine, cancelling a finished one is not. */
  cancel(session: UploadSession): void {
    assert(session.state !== "final", "BAD_REQUEST", "A finalized upload cannot be cancelled.");
    this.release(session);
    session.state = "cancelled";
  }

  clear(): void {
    for (const session of this.sessions.values()) this.release(session);
    this.sessions.clear();
    this.unfinished.clear();
  }

  private evict(session: UploadSession): void {
    this.release(session);
    this.sessions.delete(session.id);
  }

  /** Returns an unfinished session's buffered bytes to the budget (an ended one holds none). */
  private release(session: UploadSession): void {
    if (session.state !== "active") return;
    this.budget.give(session.received);
    session.chunks.length = 0;
    const own = this.unfinishedOf(session.identity);
    own.delete(session);
    if (own.size === 0) this.unfinished.delete(callerOf(session.identity));
  }

  private unfinishedOf(identity: Identity): Set<UploadSession> {
    const caller = callerOf(identity);
    let own = this.unfinished.get(caller);
    if (!own) {
      own = new Set();
      this.unfinished.set(caller, own);
    }
    return own;
  }

  /** Drops sessions unused for the service's lifetime of a session URI; the oldest come first. */
  private expire(): void {
    const oldest = this.now() - SESSION_TTL_MS;
    for (const session of this.sessions.values()) {
      if (session.lastUsed > oldest) return;
      this.evict(session);
    }
  }

  private now(): number {
    return this.clock().getTime();
  }
}

function assertActive(session: UploadSession): void {
  assert(session.state === "active", "BAD_REQUEST", `The upload is ${session.state}, no longer active.`);
}

/** Whose sessions these are, for the per-caller bound: the admins, a user, or everyone unsigned. */
function callerOf(identity: Identity): string {
  return identity.kind === "user" ? `uid:${identity.auth.uid}` : identity.kind;
}
