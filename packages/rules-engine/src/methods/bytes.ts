// rules.Bytes — https://firebase.google.com/docs/reference/rules/rules.Bytes
import { arity, type MethodTable } from "./args.js";

export const bytesMethods: MethodTable<Uint8Array> = {
  size: (b, a) => (arity("size", a, 0), BigInt(b.length)),
  // base64url alphabet, per the reference (b'\xFB\xEF\xBE'.toBase64() == '----').
  toBase64: (b, a) => (arity("toBase64", a, 0), Buffer.from(b).toString("base64url") + padding(b.length)),
  toHexString: (b, a) => (arity("toHexString", a, 0), Buffer.from(b).toString("hex").toUpperCase()),
};

function padding(n: number): string {
  return "=".repeat((3 - (n % 3)) % 3);
}
