import { Server, ServerCredentials } from "@grpc/grpc-js";
import { createRetryLookup, TriggerDelivery } from "@partner-api/function-triggers";
import type { CoverageRow } from "@partner-api/rules-engine";
import { documentEvent } from "./triggers/document-events.js";
import { DocumentStore } from "./store/document-store.js";
import {
  DocumentTriggers,
  parseTriggerRegistration,
  type DocumentTrigger,
} from "./triggers/document-triggers.js";
import type { EmulatorContext } from "./context.js";
import { createServiceImplementation, type CallHook } from "./transport/grpc-service.js";
import { createHttpHandler } from "./transport/http-endpoints.js";
import { IndexConfigurations } from "./query/index-configuration.js";
import { loadFirestoreService } from "./transport/protos.js";
import { ReadCounter } from "./query/read-counter.js";
import { SecurityRules, type RulesFile, type RulesIssue } from "./rules/security-rules.js";
import { TransactionManager } from "./store/transactions.js";
import { DualProtocolListener } from "./transport/transport.js";

export { FirestoreError } from "./errors.js";
export type { CallHook } from "./transport/grpc-service.js";
export type { DocumentTrigger } from "./triggers/document-triggers.js";
export { IndexConfigurationError } from "./query/index-configuration.js";
export type { RulesFile, RulesIssue } from "./rules/security-rules.js";

export interface FirestoreEmulatorOptions {
  /** Interface to bind; default "127.0.0.1". */
  host?: string;
  /** Port to bind; default 8080; 0 picks a free one (read it from `port` after `start()`). */
  port?: number;
  /** Runs before every unary and server-streaming RPC (fault injection in tests). */
  beforeCall?: CallHook;
  /**
   * `host:port` of the Functions emulator, as the official emulator's `--functions_emulator`: it registers
   * the functions' Firestore triggers here, and each committed change is posted back to it as a CloudEvent.
   * Without it, trigger registrations are refused.
   */
  functionsEmulatorHost?: string;
  /** Where trigger delivery reports failed posts and failed functions; default console.warn. */
  log?: (message: string) => void;
}

export interface FirestoreEmulator {
  readonly host: string;
  /** The bound port once started (the requested one before). */
  readonly port: number;
  /** Binds; may be called again after stop(), with the data kept. */
  start(): Promise<void>;
  /** Unbinds promptly, force-closing open calls and streams; keeps the data. */
  stop(): Promise<void>;
  /** Drops the documents (and open transactions) of one project, or of all. */
  clear(projectId?: string): void;
  /** Document reads served so far, as the service bills them (read-counter.ts), for one project or all. */
  documentReads(projectId?: string): number;
  /**
   * Installs a project's security rules (as `PUT /emulator/v1/projects/{p}:securityRules` does); returns
   * the syntax issues, none when installed. Until then the project allows every request.
   */
  loadRules(projectId: string, files: readonly RulesFile[]): RulesIssue[];
  /**
   * Enforces a project's firestore.indexes.json (its content): from now on a query its indexes cannot
   * serve is FAILED_PRECONDITION naming the missing index. Throws IndexConfigurationError for a file
   * `firebase deploy` would refuse, keeping the previous configuration. Until then every query is served.
   */
  loadIndexes(projectId: string, source: string): void;
  /** Serves every query of the project again, as the official emulator does. */
  unloadIndexes(projectId: string): void;
  /** How often each allow statement of a project's loaded rules held and failed (empty without rules). */
  rulesCoverage(projectId: string): CoverageRow[];
  /** The Firestore triggers the Functions emulator registered for a project. */
  triggers(projectId: string): DocumentTrigger[];
}

interface Running {
  readonly listener: DualProtocolListener;
  readonly grpcServer: Server;
}

/** Creates a Firestore emulator speaking the v1 gRPC API and the emulator HTTP endpoints on one port. */
export function createFirestoreEmulator(options: FirestoreEmulatorOptions = {}): FirestoreEmulator {
  const host = options.host ?? "127.0.0.1";
  let port = options.port ?? 8080;
  const ctx: EmulatorContext = {
    store: new DocumentStore(),
    transactions: new TransactionManager(),
    reads: new ReadCounter(),
    rules: new SecurityRules(),
    indexes: new IndexConfigurations(),
  };
  const service = loadFirestoreService();
  const clear = (projectId?: string) => {
    ctx.transactions.abortAll("The database was cleared; retry the transaction.", projectId);
    ctx.store.clear(projectId);
  };
  const loadRules = (projectId: string, files: readonly RulesFile[]) => ctx.rules.load(projectId, files);
  const triggers = new DocumentTriggers();
  const { functionsEmulatorHost, log = console.warn } = options;
  const delivery = functionsEmulatorHost
    ? new TriggerDelivery(functionsEmulatorHost, createRetryLookup(functionsEmulatorHost), log)
    : undefined;
  const registerTrigger = (projectId: string, key: string, body: unknown) => {
    if (delivery === undefined) return "This emulator was started without a Functions emulator host.";
    const trigger = parseTriggerRegistration(projectId, key, body);
    if (typeof trigger === "string") return trigger;
    triggers.register(trigger);
    return null;
  };
  // Runs synchronously inside each commit, so events join their triggers' queues in commit order.
  ctx.store.onCommit(({ database, time, changes }) => {
    for (const change of changes)
      for (const trigger of triggers.firedBy(database, change))
        delivery?.enqueue(trigger, documentEvent(database, time, change, trigger));
  });
  let running: Running | undefined;

  return {
    host,
    get port() {
      return port;
    },
    async start() {
      if (running !== undefined) return;
      // A fresh gRPC server per start: a stopped grpc-js server cannot take connections again.
      const grpcServer = new Server({ "grpc.max_receive_message_length": 32 * 1024 * 1024 });
      grpcServer.addService(service, createServiceImplementation(ctx, options.beforeCall));
      const injector = grpcServer.createConnectionInjector(ServerCredentials.createInsecure());
      const listener = new DualProtocolListener({
        grpc: (connection) => injector.injectConnection(connection),
        http: createHttpHandler({ clear, loadRules, registerTrigger }),
      });
      try {
        port = await listener.listen(host, port);
      } catch (error) {
        grpcServer.forceShutdown();
        throw error;
      }
      running = { listener, grpcServer };
      ctx.transactions.startSweeping();
    },
    async stop() {
      if (running === undefined) return;
      const { listener, grpcServer } = running;
      running = undefined;
      // Cancels every open call and stream (their clients see UNAVAILABLE and retry after a restart).
      grpcServer.forceShutdown();
      // Clients lose their transactions with the connection; their locks must not outlive the server and
      // stall the retries that follow a restart.
      ctx.transactions.abortAll("The emulator restarted; retry the transaction.");
      ctx.transactions.stopSweeping();
      await listener.close();
    },
    clear,
    documentReads: (projectId) => ctx.reads.total(projectId),
    loadRules,
    loadIndexes: (projectId, source) => ctx.indexes.load(projectId, source),
    unloadIndexes: (projectId) => ctx.indexes.unload(projectId),
    rulesCoverage: (projectId) => ctx.rules.forProject(projectId)?.coverage() ?? [],
    triggers: (projectId) => triggers.ofProject(projectId),
  };
}
