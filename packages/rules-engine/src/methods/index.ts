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

function tableFor(self: Value): Readonly<Record<string, Method<never>>> | undefined {
  if (typeof self === "string") return stringMethods as Record<string, Method<never>>;
  if (Array.isArray(self)) return listMethods as Record<string, Method<never>>;
  if (self instanceof MapValue) return mapMethods as Record<string, Method<never>>;
  if (self instanceof SetValue) return setMethods as Record<string, Method<never>>;
  if (self instanceof Uint8Array) return bytesMethods as Record<string, Method<never>>;
  if (self instanceof PathValue) return pathMethods as Record<string, Method<never>>;
  if (self instanceof TimestampValue) return timestampMethods as Record<string, Method<never>>;
  if (self instanceof DurationValue) return durationMethods as Record<string, Method<never>>;
  if (self instanceof LatLngValue) return latLngMethods as Record<string, Method<never>>;
  if (self instanceof MapDiffValue) return mapDiffMethods as Record<string, Method<never>>;
  return undefined;
}

/** Calls `self.name(...args)`. */
export function callMethod(self: Value, name: string, args: Value[]): Value {
  if (self instanceof SymbolicValue) {
    // get(key, default) on query-constrained data reads a field; nothing else is decidable.
    if (name === "get" && args.length === 2 && typeof args[0] === "string") return self.member(args[0]);
    self.unknown(`${name}()`);
  }
  const table = tableFor(self);
  // Own-property check keeps `constructor`, `toString`, ... from resolving to Object.prototype.
  const method = table && Object.hasOwn(table, name) ? table[name] : undefined;
  if (!method) throw new RuleError(`${typeName(self)} has no method ${name}()`);
  return method(self as never, args);
}
