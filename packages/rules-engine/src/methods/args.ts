// Argument checking shared by the method tables: every built-in validates its own arity and
// argument types, and a mismatch is an evaluation error (which denies), never a crash.
import { RuleError } from "../errors.js";
import { MapValue, SetValue, typeName, type Value } from "../values.js";

/** A built-in method: receives the receiver and evaluated arguments. */
export type Method<T> = (self: T, args: Value[]) => Value;
export type MethodTable<T> = Readonly<Record<string, Method<T>>>;

export function arity(name: string, args: Value[], n: number): void {
  if (args.length !== n) throw new RuleError(`${name}() takes ${n} argument(s), got ${args.length}`);
}

function bad(name: string, want: string, got: Value): never {
  throw new RuleError(`${name}() expects ${want}, got ${typeName(got)}`);
}

export function str(name: string, v: Value | undefined): string {
  if (typeof v !== "string") bad(name, "a string", v ?? null);
  return v;
}

export function int(name: string, v: Value | undefined): bigint {
  if (typeof v !== "bigint") bad(name, "an int", v ?? null);
  return v;
}

export function num(name: string, v: Value | undefined): number {
  if (typeof v === "bigint") return Number(v);
  if (typeof v !== "number") bad(name, "a number", v ?? null);
  return v;
}

export function list(name: string, v: Value | undefined): Value[] {
  if (!Array.isArray(v)) bad(name, "a list", v ?? null);
  return v;
}

export function map(name: string, v: Value | undefined): MapValue {
  if (!(v instanceof MapValue)) bad(name, "a map", v ?? null);
  return v;
}

export function set(name: string, v: Value | undefined): SetValue {
  if (!(v instanceof SetValue)) bad(name, "a set", v ?? null);
  return v;
}

/** Set operations accept either a list or a set as their argument. */
export function items(name: string, v: Value | undefined): Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof SetValue) return v.items;
  bad(name, "a list or set", v ?? null);
}

export function bytes(name: string, v: Value | undefined): Uint8Array {
  if (!(v instanceof Uint8Array)) bad(name, "bytes", v ?? null);
  return v;
}
