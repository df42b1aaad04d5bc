import { getFirestore, type DocumentData, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import { collectionPath } from "../data/model.js";
import { adminApp, verifiedCaller } from "./caller.js";

/**
 * The pattern partners are usually handed: read the partner's whole entries collection, then sort,
 * slice or find in memory; create with a plain add(). Same token check as the baseline, no validation,
 * no idempotency. Stored documents have the partner API's shape, so both read the same data.
 */
export function createNaiveHandler() {
  const db = getFirestore(adminApp());
  return async (req: Request, res: Response): Promise<void> => {
    const caller = await verifiedCaller(req, res);
    if (!caller) return;
    const entries = db.collection(collectionPath("entries", String(caller.partnerId)));
    const id = /^\/v1\/entries\/([^/]+)$/.exec(req.path)?.[1];
    if (req.method === "GET" && req.path === "/v1/entries") {
      const limit = Math.min(Math.max(Number(req.query.limit) || 20, 1), 100);
      const all = (await entries.get()).docs.map(toJson);
      all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
      res.status(200).json({ data: all.slice(0, limit) });
    } else if (req.method === "GET" && id) {
      const found = (await entries.get()).docs.map(toJson).find((entry) => entry.id === id);
      if (found) res.status(200).json(found);
      else res.status(404).json({ error: "not found" });
    } else if (req.method === "POST" && req.path === "/v1/entries") {
      const now = new Date();
      const fields = { ...req.body, partnerId: caller.partnerId, status: "posted", version: 1 };
      const ref = await entries.add({ ...fields, createdAt: now, updatedAt: now });
      res
        .status(201)
        .json({ id: ref.id, ...fields, createdAt: now.toISOString(), updatedAt: now.toISOString() });
    } else {
      res.status(404).json({ error: "not found" });
    }
  };
}

function toJson(doc: QueryDocumentSnapshot): DocumentData & { id: string; createdAt: string } {
  const data = doc.data();
  // add() stores what the client sent, so a field may be a Timestamp or the client's string.
  const iso = (value: unknown) =>
    typeof value === "string" ? value : (value as { toDate(): Date }).toDate().toISOString();
  return {
    ...data,
    id: doc.id,
    occurredAt: iso(data.occurredAt),
    createdAt: iso(data.createdAt),
    updatedAt: iso(data.updatedAt),
  };
}
