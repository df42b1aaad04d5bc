import {
  status,
  type Metadata,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { Authorizer } from "./authorize.js";
import { batchWrite, beginTransaction, commit, rollback } from "./commits.js";
import type { EmulatorContext } from "./context.js";
import { FirestoreError } from "./errors.js";
import { ListenSession, type ListenRequest } from "./listen.js";
import {
  batchGetDocuments,
  listCollectionIds,
  listDocuments,
  runAggregationQuery,
  runQueryRequest,
} from "./reads.js";

type Operation<Req> = (ctx: EmulatorContext, request: Req) => unknown;

/** The gRPC error a thrown value becomes: FirestoreErrors keep their code; anything else is INTERNAL. */
function toServiceError(error: unknown) {
  if (error instanceof FirestoreError) return { code: error.code, details: error.message };
  console.error("firestore-emulator: internal error", error);
  return { code: status.INTERNAL, details: "Internal error in the Firestore emulator." };
}

function bearerToken(metadata: Metadata): string | null {
  const header = metadata.get("authorization")[0];
  if (typeof header !== "string") return null;
  return header.replace(/^Bearer\s+/i, "");
}

/**
 * Binds the operations to gRPC handlers. Each call runs the authorize hook first, then the operation,
 * and maps errors to statuses in one place. RPCs left out (GetDocument, PartitionQuery, Write, ...) get
 * grpc-js's default UNIMPLEMENTED answer; the server SDKs do not use them.
 */
export function createServiceImplementation(
  ctx: EmulatorContext,
  authorize: Authorizer | undefined,
): UntypedServiceImplementation {
  const check = async (method: string, metadata: Metadata, request: unknown) => {
    if (authorize !== undefined) await authorize({ method, token: bearerToken(metadata), request });
  };

  const unary =
    <Req>(method: string, operation: Operation<Req>) =>
    (call: ServerUnaryCall<Req, unknown>, callback: sendUnaryData<unknown>) => {
      check(method, call.metadata, call.request)
        .then(() => operation(ctx, call.request))
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(toServiceError(error)),
        );
    };

  const serverStream =
    <Req>(method: string, operation: (ctx: EmulatorContext, request: Req) => Promise<unknown[]>) =>
    (call: ServerWritableStream<Req, unknown>) => {
      check(method, call.metadata, call.request)
        .then(() => operation(ctx, call.request))
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
      const session = new ListenSession(ctx, (response) => call.write(response));
      let queue = Promise.resolve();
      call.on("data", (request: ListenRequest) => {
        // Messages are handled in order, each after its authorization check.
        queue = queue
          .then(() => check("Listen", call.metadata, request))
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
  };
}
