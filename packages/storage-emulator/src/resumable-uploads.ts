import { randomUUID } from "node:crypto";
import type { ByteBudget } from "./byte-budget.js";
import { assert, StorageError } from "./errors.js";
import type { MetadataPatch } from "./object-metadata.js";

/** A resumable upload between its start and its finalize. */
export interface UploadSession {
  readonly id: string;
  readonly bucket: string;
  readonly name: string;
  readonly metadata: MetadataPatch;
  /** The size the client announced at start, if it did. */
  readonly declaredSize: number | undefined;
  readonly chunks: Buffer[];
  received: number;
}

/** Pending sessions at once; each costs little, but an abandoned one lives until reset. */
export const MAX_SESSIONS = 1000;

/**
 * Resumable uploads: start, chunks at the offset the server has, query, cancel, finalize. Buffered
 * bytes count against the emulator's ByteBudget until the upload is finalized or cancelled.
 */
export class ResumableUploads {
  private readonly sessions = new Map<string, UploadSession>();

  constructor(private readonly budget: ByteBudget) {}

  start(
    bucket: string,
    name: string,
    metadata: MetadataPatch,
    declaredSize: number | undefined,
  ): UploadSession {
    assert(
      this.sessions.size < MAX_SESSIONS,
      "QUOTA_EXCEEDED",
      `The emulator keeps at most ${MAX_SESSIONS} unfinished resumable uploads.`,
    );
    const session: UploadSession = {
      id: randomUUID(),
      bucket,
      name,
      metadata,
      declaredSize,
      chunks: [],
      received: 0,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session of an upload id from the upload URL; 404 once finalized or cancelled, as the service answers. */
  get(id: string, bucket: string): UploadSession {
    const session = this.sessions.get(id);
    if (!session || session.bucket !== bucket) throw new StorageError("NOT_FOUND", `No active upload ${id}.`);
    return session;
  }

  /** Appends a chunk, which must start where the received bytes end. */
  append(session: UploadSession, offset: number, chunk: Buffer): void {
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

  /** Ends the session and hands over its bytes (no longer counted here; the store counts them). */
  finish(session: UploadSession): Buffer {
    this.end(session);
    return Buffer.concat(session.chunks);
  }

  cancel(session: UploadSession): void {
    this.end(session);
  }

  clear(): void {
    this.sessions.clear();
  }

  private end(session: UploadSession): void {
    this.sessions.delete(session.id);
    this.budget.give(session.received);
  }
}
