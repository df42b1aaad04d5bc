// rules.Timestamp — https://firebase.google.com/docs/reference/rules/rules.Timestamp
// rules.Duration  — https://firebase.google.com/docs/reference/rules/rules.Duration
// rules.timestamp / rules.duration namespaces — .../rules.timestamp_ and .../rules.duration_
import { RuleError } from "../errors.js";
import { DurationValue, TimestampValue, checkInt, type Value } from "../values.js";
import { arity, int, num, str, type MethodTable } from "./args.js";

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;
const NS_PER_DAY = 86_400n * NS_PER_S;

/** Floor division, so instants before 1970 land in the right day and second. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

const utc = (t: TimestampValue) => new Date(Number(floorDiv(t.nanos, NS_PER_MS)));
const ofDay = (t: TimestampValue) => t.nanos - floorDiv(t.nanos, NS_PER_DAY) * NS_PER_DAY;

export const timestampMethods: MethodTable<TimestampValue> = {
  date: (t, a) => (arity("date", a, 0), new TimestampValue(floorDiv(t.nanos, NS_PER_DAY) * NS_PER_DAY)),
  year: (t, a) => (arity("year", a, 0), BigInt(utc(t).getUTCFullYear())),
  month: (t, a) => (arity("month", a, 0), BigInt(utc(t).getUTCMonth() + 1)),
  day: (t, a) => (arity("day", a, 0), BigInt(utc(t).getUTCDate())),
  // ISO numbering: Monday is 1, Sunday is 7.
  dayOfWeek: (t, a) => (arity("dayOfWeek", a, 0), BigInt(utc(t).getUTCDay() || 7)),
  dayOfYear: (t, a) => {
    arity("dayOfYear", a, 0);
    const d = utc(t);
    return BigInt(
      (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) /
        86_400_000 +
        1,
    );
  },
  hours: (t, a) => (arity("hours", a, 0), ofDay(t) / (3600n * NS_PER_S)),
  minutes: (t, a) => (arity("minutes", a, 0), (ofDay(t) / (60n * NS_PER_S)) % 60n),
  seconds: (t, a) => (arity("seconds", a, 0), (ofDay(t) / NS_PER_S) % 60n),
  nanos: (t, a) => (arity("nanos", a, 0), ofDay(t) % NS_PER_S),
  time: (t, a) => (arity("time", a, 0), new DurationValue(ofDay(t))),
  toMillis: (t, a) => (arity("toMillis", a, 0), floorDiv(t.nanos, NS_PER_MS)),
};

export const durationMethods: MethodTable<DurationValue> = {
  // Both parts carry the sign of the duration, as in google.protobuf.Duration.
  seconds: (d, a) => (arity("seconds", a, 0), d.nanos / NS_PER_S),
  nanos: (d, a) => (arity("nanos", a, 0), d.nanos % NS_PER_S),
};

const UNITS: Record<string, bigint> = {
  w: 7n * NS_PER_DAY,
  d: NS_PER_DAY,
  h: 3600n * NS_PER_S,
  m: 60n * NS_PER_S,
  s: NS_PER_S,
  ms: NS_PER_MS,
  ns: 1n,
};

export const durationNamespace: MethodTable<null> = {
  abs: (_, a) => {
    arity("duration.abs", a, 1);
    const d = a[0];
    if (!(d instanceof DurationValue)) throw new RuleError("duration.abs() expects a duration");
    return new DurationValue(d.nanos < 0n ? -d.nanos : d.nanos);
  },
  time: (_, a) => {
    arity("duration.time", a, 4);
    const [h, m, s, ns] = a.map((v) => int("duration.time", v)) as [bigint, bigint, bigint, bigint];
    return new DurationValue(h * 3600n * NS_PER_S + m * 60n * NS_PER_S + s * NS_PER_S + ns);
  },
  value: (_, a) => {
    arity("duration.value", a, 2);
    const unit = UNITS[str("duration.value", a[1])];
    if (unit === undefined) throw new RuleError(`unknown duration unit ${JSON.stringify(a[1])}`);
    const magnitude = a[0];
    if (typeof magnitude === "bigint") return new DurationValue(checkInt(magnitude * unit));
    return new DurationValue(BigInt(Math.round(num("duration.value", magnitude) * Number(unit))));
  },
};

export const timestampNamespace: MethodTable<null> = {
  date: (_, a) => {
    arity("timestamp.date", a, 3);
    const [y, m, d] = a.map((v) => Number(int("timestamp.date", v))) as [number, number, number];
    if (m < 1 || m > 12 || d < 1 || d > 31)
      throw new RuleError("timestamp.date(): month or day out of range");
    const date = new Date(0);
    date.setUTCFullYear(y, m - 1, d);
    if (date.getUTCDate() !== d) throw new RuleError("timestamp.date(): no such day");
    return new TimestampValue(BigInt(date.getTime()) * NS_PER_MS);
  },
  value: (_, a) => (
    arity("timestamp.value", a, 1),
    new TimestampValue(int("timestamp.value", a[0]) * NS_PER_MS)
  ),
};

/** `+` and `-` across timestamps and durations; `null` when the operand types do not apply. */
export function timeArithmetic(op: "+" | "-", l: Value, r: Value): Value | undefined {
  if (l instanceof TimestampValue && r instanceof DurationValue) {
    return new TimestampValue(op === "+" ? l.nanos + r.nanos : l.nanos - r.nanos);
  }
  if (op === "+" && l instanceof DurationValue && r instanceof TimestampValue) {
    return new TimestampValue(l.nanos + r.nanos);
  }
  if (l instanceof DurationValue && r instanceof DurationValue) {
    return new DurationValue(op === "+" ? l.nanos + r.nanos : l.nanos - r.nanos);
  }
  if (op === "-" && l instanceof TimestampValue && r instanceof TimestampValue) {
    return new DurationValue(l.nanos - r.nanos);
  }
  return undefined;
}
