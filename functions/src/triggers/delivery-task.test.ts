import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { publishEntryChange } from "../domain/webhooks/webhook-delivery.js";
import { createEndpoint } from "../domain/webhooks/webhook-endpoints.js";
import * as logs from "../logs.js";
import { createFakeClock } from "../testing/fake-clock.js";
import { anEntry } from "../testing/entry-fixtures.js";
import { answered, createInProcessWebhooks } from "../testing/in-process-webhooks.js";
import { handleDeliveryTask } from "./delivery-task.js";

beforeEach(() => {
  vi.spyOn(logs, "deliveryAttempted");
  vi.spyOn(logs, "deliveryTaskRefused");
});
afterEach(() => vi.restoreAllMocks());

describe("handleDeliveryTask", () => {
  it("runs the attempt its payload names and logs the outcome", async () => {
    const webhooks = createInProcessWebhooks(createFakeClock());
    await createEndpoint(webhooks.deps, "acme", { url: "https://h.example.com/", events: ["entry.created"] });
    webhooks.answer(() => answered(500));
    const published = await publishEntryChange(webhooks.deps, "acme", {
      sourceEventId: "ce-1",
      time: "2026-11-30T09:00:00Z",
      before: null,
      after: anEntry("acme", "e_1", "2026-11-30T09:00:00.000Z"),
    });
    const [task] = webhooks.queue.takeDue(new Date("2026-11-30T09:00:00Z"));
    await handleDeliveryTask(webhooks.deps, task);
    expect(webhooks.received).toHaveLength(1);
    expect(logs.deliveryAttempted).toHaveBeenCalledWith(
      task,
      expect.objectContaining({ kind: "failed", nextAttemptAt: "2026-11-30T09:00:05.000Z" }),
    );
    expect(published?.endpointIds).toHaveLength(1);
  });

  it.each([
    ["no payload", undefined],
    ["a missing attempt", { partnerId: "acme", endpointId: "we_1", eventId: "evt_1" }],
    ["an attempt past the last", { partnerId: "acme", endpointId: "we_1", eventId: "evt_1", attempt: 9 }],
    ["an extra field", { partnerId: "acme", endpointId: "we_1", eventId: "evt_1", attempt: 1, url: "x" }],
  ])("drops a task with %s, logging it, without failing (a retry could not help)", async (_case, data) => {
    const webhooks = createInProcessWebhooks(createFakeClock());
    await expect(handleDeliveryTask(webhooks.deps, data)).resolves.toBeUndefined();
    expect(logs.deliveryTaskRefused).toHaveBeenCalledOnce();
    expect(logs.deliveryAttempted).not.toHaveBeenCalled();
    expect(webhooks.received).toEqual([]);
  });
});
