import { describe, expect, it } from "vitest";
import { ENTRY_INPUT } from "../../testing/entry-fixtures.js";
import { createEntrySchema } from "./entry-schema.js";

/** The field paths and messages a create body is refused with; [] when it is accepted. */
function refusals(body: object): { field: string; message: string }[] {
  const result = createEntrySchema.safeParse(body);
  return result.success
    ? []
    : result.error.issues.map(({ path, message }) => ({ field: path.join("."), message }));
}

describe("externalId", () => {
  // It names the document partners/{p}/externalIds/{externalId}, so it must be a Firestore document id.
  it.each([".", "..", "__x__", "____", "__name__"])(
    "refuses %j, which no Firestore document id can be",
    (id) => {
      expect(refusals({ ...ENTRY_INPUT, externalId: id })).toEqual([
        { field: "externalId", message: "must not be '.', '..' or __name__" },
      ]);
    },
  );

  it.each(["...", ".a", "a.", "a__x__", "__x__a", "__x_", "_x__", "__", "___"])(
    "accepts %j, which only looks like a reserved id",
    (id) => {
      expect(refusals({ ...ENTRY_INPUT, externalId: id })).toEqual([]);
    },
  );

  it("refuses a '/' with its own message", () => {
    expect(refusals({ ...ENTRY_INPUT, externalId: "a/b" })).toEqual([
      { field: "externalId", message: "must not contain '/'" },
    ]);
  });
});

describe("occurredAt", () => {
  const outOfRange = "must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z (UTC)";

  it.each([
    "0001-01-01T00:00:00Z",
    "0001-01-01T01:00:00+01:00",
    "9999-12-31T23:59:59.999Z",
    "9999-12-31T22:59:59.999-01:00",
    "1970-01-01T00:00:00Z",
  ])("accepts %s, at or inside the edges of what Firestore stores", (occurredAt) => {
    expect(refusals({ ...ENTRY_INPUT, occurredAt })).toEqual([]);
  });

  it.each([
    "0000-12-31T23:59:59.999Z",
    "0001-01-01T00:59:59.999+01:00",
    "9999-12-31T23:59:00-00:01",
    "9999-12-31T23:59:59.999-00:01",
  ])("refuses %s, one step outside in UTC", (occurredAt) => {
    expect(refusals({ ...ENTRY_INPUT, occurredAt })).toEqual([{ field: "occurredAt", message: outOfRange }]);
  });
});
