import { status } from "@grpc/grpc-js";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { FirestoreError } from "@partner-api/firestore-emulator";

/**
 * A fault for the embedded Firestore's RPCs, e.g. "delay every Commit naming partners/p-1/entries by
 * 4 s". `match` is searched in the request message, so a fault touches one test's partner and no other
 * test running alongside. A delayed call then runs normally; a failing one never reaches the data.
 */
export interface FirestoreFault {
  /** The RPC, e.g. "Commit", "BatchGetDocuments". */
  method: string;
  /** A string the request message must contain, usually a document path. */
  match: string;
  delayMs?: number;
  /** Answer UNAVAILABLE without touching data. */
  fail?: boolean;
}

interface ActiveFault extends FirestoreFault {
  /** Calls that went through this fault (after their delay). */
  hits: number;
}

/**
 * Fault injection for the stack's embedded Firestore, driven over the test control server: the stack
 * lives in vitest's main process, the tests in its workers.
 */
export function createFirestoreFaults() {
  const faults = new Map<number, ActiveFault>();
  let nextId = 1;

  async function beforeCall(method: string, request: unknown): Promise<void> {
    const active = [...faults.values()].filter((fault) => fault.method === method);
    if (active.length === 0) return;
    const message = JSON.stringify(request);
    for (const fault of active.filter((candidate) => message.includes(candidate.match))) {
      if (fault.delayMs) await sleep(fault.delayMs);
      fault.hits++;
      if (fault.fail) throw new FirestoreError(status.UNAVAILABLE, "injected fault: unavailable");
    }
  }

  /** Handles /firestore/faults[/id]: POST adds one (answers its id), GET shows one, DELETE removes one. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const [, , resource, id] = (req.url ?? "").split("/");
    if (resource !== "faults") return false;
    if (req.method === "POST" && id === undefined) {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      const fault = JSON.parse(body) as FirestoreFault;
      const faultId = nextId++;
      faults.set(faultId, { ...fault, hits: 0 });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: faultId }));
      return true;
    }
    const fault = faults.get(Number(id));
    if (!fault) {
      res.writeHead(404).end();
    } else if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(fault));
    } else if (req.method === "DELETE") {
      faults.delete(Number(id));
      res.writeHead(204).end();
    } else {
      res.writeHead(405).end();
    }
    return true;
  }

  return { beforeCall, handle };
}
