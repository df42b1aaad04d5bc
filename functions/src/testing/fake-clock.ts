/** A clock tests move by hand. */
export interface FakeClock {
  now: () => Date;
  advance(ms: number): void;
}

/** A clock that starts at `start` and moves only when told. */
export function createFakeClock(start = new Date("2026-11-30T09:00:00.000Z")): FakeClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
  };
}
