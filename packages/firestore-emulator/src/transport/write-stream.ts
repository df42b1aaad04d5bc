import { randomBytes } from "node:crypto";
import type { Caller } from "../caller.js";
import { applyBatch } from "../store/commits.js";
import type { EmulatorContext } from "../context.js";
import { assertArgument } from "../errors.js";
import { parseDatabase } from "../store/resource-names.js";
import type { Timestamp, Write, WriteResult } from "../types.js";

/** A message of the streaming Write RPC: the handshake (database only), then batches of writes. */
export interface WriteRequest {
  database?: string;
  streamId?: string;
  streamToken?: Uint8Array;
  writes?: Write[];
}

export interface WriteResponse {
  streamId?: string;
  streamToken: Buffer;
  writeResults?: WriteResult[];
  commitTime?: Timestamp;
}

/**
 * One Write stream, as client SDKs use it for every set, update, delete and batch: a handshake names the
 * database and gets a stream token; each later request is one atomic batch, acknowledged in order with
 * its commit time, write results and a new token. The SDK sends the last token it received, possibly
 * an older one while acknowledgements are in flight, so tokens order responses but are not checked.
 */
export class WriteSession {
  private database: string | undefined;
  private readonly streamId = randomBytes(8).toString("hex");
  private acknowledged = 0;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly caller: Caller,
  ) {}

  /** Handles one request; throws (and the stream ends) for an invalid or denied batch. */
  handle(request: WriteRequest): WriteResponse {
    if (this.database === undefined) {
      assertArgument(
        (request.writes ?? []).length === 0,
        "The first request on a Write stream is the handshake: a database and no writes.",
      );
      this.database = parseDatabase(request.database ?? "");
      return { streamId: this.streamId, streamToken: this.nextToken() };
    }
    assertArgument(
      request.database === undefined || request.database === "" || request.database === this.database,
      `This Write stream writes to ${this.database}.`,
    );
    const { writeResults, commitTime } = applyBatch(
      this.ctx,
      this.database,
      request.writes ?? [],
      this.caller,
    );
    return { streamToken: this.nextToken(), writeResults, commitTime };
  }

  private nextToken(): Buffer {
    this.acknowledged += 1;
    return Buffer.from(`${this.streamId}:${this.acknowledged}`);
  }
}
