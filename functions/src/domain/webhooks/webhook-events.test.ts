import { describe, expect, it } from "vitest";
import { anEntry } from "../../testing/entry-fixtures.js";
import type { Entry } from "../entries/entry-schema.js";
import { entryChangeEvent, eventIdFor, pingEvent } from "./webhook-events.js";

const entry = anEntry("acme", "e_1", "2026-11-30T09:00:00.000Z");
const voided: Entry = { ...entry, status: "void", version: 2, updatedAt: "2026-11-30T09:05:00.000Z" };
const change = { sourceEventId: "cloud-event-1", time: "2026-11-30T09:00:00.123456Z" };

describe("eventIdFor", () => {
  it("derives one fixed evt_ id from a trigger event's id, and different ids from different ones", () => {
    expect(eventIdFor("cloud-event-1")).toMatch(/^evt_[A-Za-z0-9_-]{22}$/);
    expect(eventIdFor("cloud-event-1")).toBe(eventIdFor("cloud-event-1"));
    expect(eventIdFor("cloud-event-2")).not.toBe(eventIdFor("cloud-event-1"));
  });
});

describe("entryChangeEvent", () => {
  it("makes entry.created of a new entry, at the commit time, carrying the entry", () => {
    expect(entryChangeEvent({ ...change, before: null, after: entry })).toEqual({
      id: eventIdFor("cloud-event-1"),
      type: "entry.created",
      createdAt: "2026-11-30T09:00:00.123Z",
      data: entry,
    });
  });

  it("makes entry.updated of a changed entry, carrying it as it is after the change", () => {
    expect(entryChangeEvent({ ...change, before: entry, after: voided })).toMatchObject({
      type: "entry.updated",
      data: voided,
    });
  });

  it("makes no event of a deletion or of a write that changed nothing", () => {
    expect(entryChangeEvent({ ...change, before: entry, after: null })).toBeNull();
    expect(entryChangeEvent({ ...change, before: entry, after: { ...entry } })).toBeNull();
  });
});

describe("pingEvent", () => {
  it("names the endpoint it tests", () => {
    expect(pingEvent("evt_9", "we_1", new Date("2026-11-30T09:00:00Z"))).toEqual({
      id: "evt_9",
      type: "ping",
      createdAt: "2026-11-30T09:00:00.000Z",
      data: { endpointId: "we_1" },
    });
  });
});
