import { describe, expect, it } from "vitest";
import {
  isStorableInstant,
  MAX_TIMESTAMP_SECONDS,
  MIN_TIMESTAMP_SECONDS,
  timestampParts,
} from "./timestamp-range.js";

describe("isStorableInstant", () => {
  it("holds exactly Firestore's range, both first and last millisecond included", () => {
    expect(isStorableInstant(MIN_TIMESTAMP_SECONDS * 1000)).toBe(true);
    expect(isStorableInstant(MIN_TIMESTAMP_SECONDS * 1000 - 1)).toBe(false);
    expect(isStorableInstant((MAX_TIMESTAMP_SECONDS + 1) * 1000 - 1)).toBe(true);
    expect(isStorableInstant((MAX_TIMESTAMP_SECONDS + 1) * 1000)).toBe(false);
    expect(isStorableInstant(0)).toBe(true);
    expect(isStorableInstant(Number.NaN)).toBe(false);
  });

  it("names 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z as its edge seconds", () => {
    expect(new Date(MIN_TIMESTAMP_SECONDS * 1000).toISOString()).toBe("0001-01-01T00:00:00.000Z");
    expect(new Date(MAX_TIMESTAMP_SECONDS * 1000).toISOString()).toBe("9999-12-31T23:59:59.000Z");
  });
});

describe("timestampParts", () => {
  it("splits milliseconds into whole seconds and the nanoseconds into that second", () => {
    expect(timestampParts(1_500)).toEqual({ seconds: 1, nanoseconds: 500_000_000 });
    expect(timestampParts(1_764_496_800_001)).toEqual({ seconds: 1_764_496_800, nanoseconds: 1_000_000 });
    expect(timestampParts(0)).toEqual({ seconds: 0, nanoseconds: 0 });
  });

  it("counts a time before 1970 down to the second before it, as Firestore does", () => {
    expect(timestampParts(-1)).toEqual({ seconds: -1, nanoseconds: 999_000_000 });
    expect(timestampParts(MIN_TIMESTAMP_SECONDS * 1000)).toEqual({
      seconds: MIN_TIMESTAMP_SECONDS,
      nanoseconds: 0,
    });
  });
});
