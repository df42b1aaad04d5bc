import {
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { callerFromMetadata, type Caller } from "../caller.js";
import { batchWrite, beginTransaction, commit, rollback } from "../store/commits.js";
import type { EmulatorContext } from "../context.js";
import { FirestoreError } from "../errors.js";
import { ListenSession, type ListenRequest } from "./listen.js";
import {
  batchGetDocuments,
  listCollectionIds,
  listDocuments,
  runAggregationQuery,
  runQueryRequest,
} from "../query/reads.js";
import { WriteSession, type WriteRequest } from "./write-stream.js";

type Operation<Req> = (ctx: EmulatorContext, request: Req, caller: Caller) => unknown;

/**
 * Runs before a unary or server-streaming RPC touches data; it may delay it, or fail it by throwing
 * (a FirestoreError keeps its code). Tests inject faults with it: a slow commit, an unavailable read.
 */
export type CallHook = (method: string, request: unknown) => void | Promise<void>;

/** The gRPC error a thrown value becomes: FirestoreErrors keep their code; anything else is INTERNAL. */
function toServiceError(error: unknown) {
  if (error instanceof FirestoreError) return { code: error.code, details: error.message };
  console.error("firestore-emulator: internal error", error);
  return { code: status.INTERNAL, details: "Internal error in the Firestore emulator." };
}

/**
 * Binds the operations to gRPC handlers. Each call learns its caller from the `authorization` metadata
 * (the operations judge it by the loaded rules), runs, and maps errors to statuses in one place. RPCs left
 * out (GetDocument, PartitionQuery, ...) get grpc-js's default UNIMPLEMENTED answer; no SDK uses them.
 */
export function createServiceImplementation(
  ctx: EmulatorContext,
  beforeCall?: CallHook,
): UntypedServiceImplementation {
  const unary =
    <Req>(method: string, operation: Operation<Req>) =>
    (call: ServerUnaryCall<Req, unknown>, callback: sendUnaryData<unknown>) => {
      Promise.resolve()
        .then(() => beforeCall?.(method, call.request))
        .then(() => operation(ctx, call.request, callerFromMetadata(call.metadata)))
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(toServiceError(error)),
        );
    };

  const serverStream =
    <Req>(
      method: string,
      operation: (ctx: EmulatorContext, request: Req, caller: Caller) => Promise<unknown[]>,
    ) =>
    (call: ServerWritableStream<Req, unknown>) => {
      Promise.resolve()
        .then(() => beforeCall?.(method, call.request))
        .then(() => operation(ctx, call.request, callerFromMetadata(call.metadata)))
        .then(
          (responses) => {
            for (const response of responses) call.write(response);
            call.end();
          },
          (error: unknown) => call.emit("error", toServiceError(error)),
        );
    };

  return {
    BatchGetDocuments: serverStream("BatchGetDocuments", batchGetDocuments),
    RunQuery: serverStream("RunQuery", runQueryRequest),
    RunAggregationQuery: serverStream("RunAggregationQuery", runAggregationQuery),
    Commit: unary("Commit", commit),
    BatchWrite: unary("BatchWrite", batchWrite),
    BeginTransaction: unary("BeginTransaction", beginTransaction),
    Rollback: unary("Rollback", rollback),
    ListDocuments: unary("ListDocuments", listDocuments),
    ListCollectionIds: unary("ListCollectionIds", listCollectionIds),
    Listen: (call: ServerDuplexStream<ListenRequest, unknown>) => {
      let session: ListenSession;
      try {
        session = new ListenSession(ctx, callerFromMetadata(call.metadata), (response) =>
          call.write(response),
        );
      } catch (error) {
        call.emit("error", toServiceError(error));
        return;
      }
      let queue = Promise.resolve();
      call.on("data", (request: ListenRequest) => {
        // Messages are handled in order; a denied target is answered inside the session, anything
        // else that fails ends the stream.
        queue = queue
          .then(() => session.handle(request))
          .catch((error: unknown) => {
            session.close();
            call.emit("error", toServiceError(error));
          });
      });
      const end = () => session.close();
      call.on("end", () => {
        end();
        call.end();
      });
      call.on("cancelled", end);
      call.on("error", end);
    },
    Write: (call: ServerDuplexStream<WriteRequest, unknown>) => {
      let session: WriteSession;
      try {
        session = new WriteSession(ctx, callerFromMetadata(call.metadata));
      } catch (error) {
        call.emit("error", toServiceError(error));
        return;
      }
      let failed = false;
      call.on("data", (request: WriteRequest) => {
        // Batches are applied synchronously in arrival order. After a failed batch (invalid or denied)
        // the stream ends, and what the client queued behind it is dropped unapplied, as the service does.
        if (failed) return;
        try {
          call.write(session.handle(request));
        } catch (error) {
          failed = true;
          call.emit("error", toServiceError(error));
        }
      });
      call.on("end", () => {
        if (!failed) call.end();
      });
    },
  };
}
