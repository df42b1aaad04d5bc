import { Timestamp } from "firebase-admin/firestore";
import type { DocumentSnapshot } from "firebase-functions/v2/firestore";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEndpoint } from "../domain/webhooks/webhook-endpoints.js";
import { eventIdFor } from "../domain/webhooks/webhook-events.js";
import * as logs from "../logs.js";
import { createFakeClock } from "../testing/fake-clock.js";
import { createInProcessWebhooks } from "../testing/in-process-webhooks.js";
import { handleEntryWritten, type EntryWrittenEvent } from "./entry-written.js";

// The trigger handler called in-process, as the Functions runtime would call it, with document
// snapshots shaped as Firestore stores entries (Timestamps, no id field, no externalId when absent).

const partnerId = "acme";
const stored = {
  partnerId,
  type: "expense",
  amountMinor: 990,
  currency: "EUR",
  description: "Flour",
  category: "supplies",
  occurredAt: Timestamp.fromDate(new Date("2026-11-20T12:00:00Z")),
  status: "posted",
  version: 1,
  // A direct write's server time carries microseconds; the API answers with milliseconds.
  createdAt: new Timestamp(1_796_029_200, 123_456_000),
  updatedAt: new Timestamp(1_796_029_200, 123_456_000),
};

function snapshot(data: object | undefined): DocumentSnapshot {
  return { id: "direct-1", exists: data !== undefined, data: () => data } as unknown as DocumentSnapshot;
}

function writeEvent(before: object | undefined, after: object | undefined, id = "ce-1"): EntryWrittenEvent {
  return {
    id,
    time: "2026-11-30T09:00:00.123456Z",
    params: { partnerId, entryId: "direct-1" },
    data: { before: snapshot(before), after: snapshot(after) },
  } as unknown as EntryWrittenEvent;
}

async function setUp() {
  const webhooks = createInProcessWebhooks(createFakeClock());
  await createEndpoint(webhooks.deps, partnerId, {
    url: "https://hooks.example.com/",
    events: ["entry.created", "entry.updated"],
  });
  return webhooks;
}

beforeEach(() => {
  vi.spyOn(logs, "entryEventSkipped");
  vi.spyOn(logs, "webhookEventPublished");
});
afterEach(() => vi.restoreAllMocks());

describe("handleEntryWritten", () => {
  it("publishes a created entry, as the API would return it, once however often it runs", async () => {
    const webhooks = await setUp();
    await handleEntryWritten(webhooks.deps, writeEvent(undefined, stored));
    await handleEntryWritten(webhooks.deps, writeEvent(undefined, stored));
    await webhooks.runDue();
    expect(webhooks.received).toHaveLength(1);
    expect(JSON.parse(webhooks.received[0]?.body ?? "")).toEqual({
      id: eventIdFor("ce-1"),
      type: "entry.created",
      createdAt: "2026-11-30T09:00:00.123Z",
      data: {
        id: "direct-1",
        partnerId,
        externalId: null,
        type: "expense",
        amountMinor: 990,
        currency: "EUR",
        description: "Flour",
        category: "supplies",
        occurredAt: "2026-11-20T12:00:00.000Z",
        status: "posted",
        version: 1,
        createdAt: "2026-11-30T09:00:00.123Z",
        updatedAt: "2026-11-30T09:00:00.123Z",
      },
    });
    expect(logs.webhookEventPublished).toHaveBeenCalledTimes(2);
  });

  it("publishes a void as entry.updated", async () => {
    const webhooks = await setUp();
    const voided = { ...stored, status: "void", version: 2 };
    await handleEntryWritten(webhooks.deps, writeEvent(stored, voided, "ce-2"));
    await webhooks.runDue();
    expect(JSON.parse(webhooks.received[0]?.body ?? "")).toMatchObject({
      type: "entry.updated",
      data: { status: "void", version: 2 },
    });
  });

  it("logs and skips a document that is not an entry, publishing nothing and not failing", async () => {
    const webhooks = await setUp();
    await handleEntryWritten(webhooks.deps, writeEvent(undefined, { note: "not an entry" }));
    expect(logs.entryEventSkipped).toHaveBeenCalledOnce();
    expect(webhooks.queue.waiting()).toEqual([]);
  });

  it("publishes nothing for a deletion", async () => {
    const webhooks = await setUp();
    await handleEntryWritten(webhooks.deps, writeEvent(stored, undefined));
    expect(webhooks.queue.waiting()).toEqual([]);
    expect(logs.webhookEventPublished).not.toHaveBeenCalled();
  });
});
