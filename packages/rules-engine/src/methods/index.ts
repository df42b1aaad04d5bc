// Method dispatch on a receiver's runtime type.
import { RuleError } from "../errors.js";
import {
  DurationValue,
  LatLngValue,
  MapDiffValue,
  MapValue,
  PathValue,
  SetValue,
  SymbolicValue,
  TimestampValue,
  typeName,
  type Value,
} from "../values.js";
import type { Method } from "./args.js";
import { bytesMethods } from "./bytes.js";
import { latLngMethods } from "./latlng.js";
import { listMethods } from "./list.js";
import { mapDiffMethods, mapMethods } from "./map.js";
import { pathMethods } from "./path.js";
import { setMethods } from "./set.js";
import { stringMethods } from "./string.js";
import { durationMethods, timestampMethods } from "./time.js";

function lookup(self: Value, name: string): Method<never> | undefined {
  // Own-property checks keep `constructor`, `toString`, ... from resolving to Object.prototype.
  const own = <T>(table: Readonly<Record<string, Method<T>>>) =>
    Object.hasOwn(table, name) ? (table[name] as Method<never>) : undefined;
  if (typeof self === "string") return own(stringMethods);
  if (Array.isArray(self)) return own(listMethods);
  if (self instanceof MapValue) return own(mapMethods);
  if (self instanceof SetValue) return own(setMethods);
  if (self instanceof Uint8Array) return own(bytesMethods);
  if (self instanceof PathValue) return own(pathMethods);
  if (self instanceof TimestampValue) return own(timestampMethods);
  if (self instanceof DurationValue) return own(durationMethods);
  if (self instanceof LatLngValue) return own(latLngMethods);
  if (self instanceof MapDiffValue) return own(mapDiffMethods);
  return undefined;
}

/** Calls `self.name(...args)`. */
export function callMethod(self: Value, name: string, args: Value[]): Value {
  if (self instanceof SymbolicValue) {
    // get(key, default) on query-constrained data reads a field; nothing else is decidable.
    if (name === "get" && args.length === 2 && typeof args[0] === "string") return self.member(args[0]);
    self.unknown(`${name}()`);
  }
  const method = lookup(self, name);
  if (!method) throw new RuleError(`${typeName(self)} has no method ${name}()`);
  return method(self as never, args);
}
