import {
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import { performFirestore, reseedFirestore, type FirestoreAddress } from "./firestore-client.js";
import { serviceOf, type MatrixCase, type Operation } from "./operations.js";

type Service = ReturnType<typeof serviceOf>;
import type { Actor } from "./world.js";
import { performStorage, reseedStorage } from "./storage-client.js";

/** An emulator to judge cases on: where it listens and the rules source to load into it. */
export interface EmulatorTarget extends FirestoreAddress {
  readonly rules: string;
}

export interface EmulatorTargets {
  readonly firestore?: EmulatorTarget;
  readonly storage?: EmulatorTarget;
}

/** `host:port` from an emulator variable such as FIRESTORE_EMULATOR_HOST. */
export function parseHostPort(value: string): FirestoreAddress {
  const colon = value.lastIndexOf(":");
  return { host: value.slice(0, colon), port: Number(value.slice(colon + 1)) };
}

/** Operations that may change the world when allowed. */
const READ_ONLY: ReadonlySet<Operation["kind"]> = new Set([
  "get",
  "list",
  "listen",
  "listenQuery",
  "storage.get",
  "storage.download",
  "storage.list",
]);

/** A refusal by the rules, as the Firestore and Storage SDKs report it; it changes nothing. */
const isRefusal = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return code === "permission-denied" || code === "storage/unauthorized";
};

/**
 * Judges matrix cases on emulators (ours or the official ones) through `@firebase/rules-unit-testing`,
 * as its documentation shows: rules loaded by initializeTestEnvironment, the world seeded with rules
 * disabled, each case run in its actor's authenticated (mock token) context, one context per actor as
 * a partner's app keeps one signed-in client.
 */
export class EmulatorBackend {
  private readonly contexts = new Map<string, RulesTestContext>();
  /**
   * Services whose state may differ from the seed: all at first, then each one a write that was not
   * refused went to (a Storage upload never changes Firestore, so Firestore is not reseeded for it).
   */
  private readonly dirty = new Set<Service>(["firestore", "storage"]);

  private constructor(
    private readonly env: RulesTestEnvironment,
    private readonly targets: EmulatorTargets,
  ) {}

  static async start(projectId: string, targets: EmulatorTargets): Promise<EmulatorBackend> {
    const env = await initializeTestEnvironment({ projectId, ...targets });
    return new EmulatorBackend(env, targets);
  }

  async stop(): Promise<void> {
    await this.env.cleanup();
  }

  /**
   * Makes the emulators hold exactly the world of world.ts: reseeds every service this backend talks to,
   * unless nothing could have changed since the last reseed (only reads and refused writes ran).
   */
  async reseed(): Promise<void> {
    if (this.targets.firestore && this.dirty.has("firestore")) await reseedFirestore(this.env);
    if (this.targets.storage && this.dirty.has("storage")) await reseedStorage(this.env);
    this.dirty.clear();
  }

  /** Performs the case's operation as its actor; resolves if the emulator allowed it. */
  async attempt(matrixCase: MatrixCase): Promise<void> {
    const { op } = matrixCase;
    try {
      await this.perform(matrixCase);
    } catch (error) {
      // A refusal changes nothing (batches and transactions are atomic); any other failure might have.
      if (!isRefusal(error)) this.dirty.add(serviceOf(op));
      throw error;
    }
    if (!READ_ONLY.has(op.kind)) this.dirty.add(serviceOf(op));
  }

  private async perform({ actor, op }: MatrixCase): Promise<void> {
    const context = this.contextOf(actor);
    if (serviceOf(op) === "firestore") {
      if (!this.targets.firestore) throw new Error("this backend has no Firestore emulator");
      await performFirestore(context, this.env.projectId, this.targets.firestore, actor.auth, op);
      return;
    }
    if (!this.targets.storage) throw new Error("this backend has no Storage emulator");
    await performStorage(context, this.env.projectId, this.targets.storage, actor.auth, op);
  }

  private contextOf({ label, auth }: Actor): RulesTestContext {
    let context = this.contexts.get(label);
    if (context === undefined) {
      context = auth
        ? this.env.authenticatedContext(auth.uid, { ...auth.token })
        : this.env.unauthenticatedContext();
      this.contexts.set(label, context);
    }
    return context;
  }
}
