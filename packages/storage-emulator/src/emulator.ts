import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { CoverageRow } from "@partner-api/rules-engine";
import { ByteBudget } from "./store/byte-budget.js";
import { noFirestore } from "./rules/firestore-lookup.js";
import { createStorageServer } from "./http/server.js";
import type { LogSink } from "./logs.js";
import { ObjectStore } from "./store/object-store.js";
import { ResumableUploads } from "./store/resumable-uploads.js";
import { RulesGate, type DocumentLookup } from "./rules/rules-gate.js";
import { StorageService } from "./storage-service.js";
import { createTriggerBridge } from "./triggers/trigger-bridge.js";
import type { ObjectTrigger } from "./triggers/object-triggers.js";

export interface StorageEmulatorOptions {
  /** Interface to bind; default "127.0.0.1". */
  host?: string;
  /** Port to bind; default 9199; 0 picks a free one (read it from `port` after `start()`). */
  port?: number;
  /** storage.rules source to judge client requests by; without rules, only `owner` is allowed. */
  rules?: string;
  /** Serves firestore.get()/exists() in rules; without it such rules answer 503. */
  firestore?: DocumentLookup;
  /** Bytes held in memory at most (objects plus unfinished uploads); default 512 MiB. */
  maxBytes?: number;
  clock?: () => Date;
  log?: LogSink;
  /**
   * firebase-tools' Functions emulator (host:port): Storage triggers registered here
   * (`POST /emulator/v1/projects/{project}/eventarcTrigger`) receive every object change as a CloudEvent.
   * Without it, trigger registrations are refused.
   */
  functionsEmulatorHost?: string;
}

export interface StorageEmulator {
  readonly host: string;
  /** The bound port once started (the requested one before). */
  readonly port: number;
  /** Binds; may be called again after stop(), with the objects kept. */
  start(): Promise<void>;
  /** Unbinds, closing open connections; keeps the objects. */
  stop(): Promise<void>;
  /** Replaces the rules; throws RulesSyntaxError and keeps the old rules when the source does not parse. */
  loadRules(source: string): void;
  /** Drops every object and unfinished upload (rules stay). */
  reset(): void;
  /** Per allow statement of the loaded rules: how often it granted and refused since load or reset. */
  coverage(): CoverageRow[];
  resetCoverage(): void;
  /** What it holds now: bytes in memory (objects and unfinished uploads) and resumable sessions. */
  usage(): { bytes: number; sessions: number };
  /** The Storage triggers registered for a project. */
  triggers(projectId: string): ObjectTrigger[];
}

/** Default bound on bytes in memory: room for the product's 10 MiB attachments many times over. */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/** Creates a Cloud Storage for Firebase emulator serving the Firebase SDK's /v0 API. */
export function createStorageEmulator(options: StorageEmulatorOptions = {}): StorageEmulator {
  const host = options.host ?? "127.0.0.1";
  let port = options.port ?? 9199;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.error(line));
  const budget = new ByteBudget(options.maxBytes ?? DEFAULT_MAX_BYTES);
  const triggers = createTriggerBridge(options.functionsEmulatorHost, () => `http://${host}:${port}`, log);
  const store = new ObjectStore(budget, triggers.observe);
  const uploads = new ResumableUploads(budget, clock);
  const rules = new RulesGate(options.firestore ?? noFirestore, clock);
  if (options.rules !== undefined) rules.load(options.rules);
  const service = new StorageService({ store, uploads, rules, clock });
  const reset = () => {
    store.clear();
    uploads.clear();
    budget.reset();
  };
  let server: Server | undefined;

  return {
    host,
    get port() {
      return port;
    },
    async start() {
      if (server) return;
      const created = createStorageServer({
        service,
        uploads,
        budget,
        loadRules: (source) => rules.load(source),
        reset,
        registerTrigger: triggers.register,
        log,
      });
      await new Promise<void>((resolve, reject) => {
        created.once("error", reject);
        created.listen(port, host, () => {
          created.off("error", reject);
          resolve();
        });
      });
      port = (created.address() as AddressInfo).port;
      server = created;
    },
    async stop() {
      const running = server;
      server = undefined;
      if (!running) return;
      await new Promise<void>((resolve) => {
        running.close(() => resolve());
        running.closeAllConnections();
      });
    },
    loadRules: (source) => rules.load(source),
    reset,
    coverage: () => rules.coverage(),
    resetCoverage: () => rules.resetCoverage(),
    usage: () => ({ bytes: budget.limit - budget.remaining, sessions: uploads.size }),
    triggers: (projectId) => triggers.ofProject(projectId),
  };
}
