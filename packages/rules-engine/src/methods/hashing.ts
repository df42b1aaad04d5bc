// rules.hashing — https://firebase.google.com/docs/reference/rules/rules.hashing
import { createHash } from "node:crypto";
import { RuleError } from "../errors.js";
import { typeName, type Value } from "../values.js";
import { arity, type MethodTable } from "./args.js";

/** Hash input: bytes as they are, strings as UTF-8. */
function input(name: string, v: Value | undefined): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === "string") return new TextEncoder().encode(v);
  throw new RuleError(`hashing.${name}() expects bytes or a string, got ${typeName(v ?? null)}`);
}

function crcTable(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const CRC32 = crcTable(0xedb88320); // IEEE 802.3
const CRC32C = crcTable(0x82f63b78); // Castagnoli, as Cloud Storage reports object checksums

function crc(table: Uint32Array, data: Uint8Array): Uint8Array {
  let c = 0xffffffff;
  for (const b of data) c = (table[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, (c ^ 0xffffffff) >>> 0); // big-endian, like the hex digest
  return out;
}

const digest = (algorithm: string, data: Uint8Array) =>
  new Uint8Array(createHash(algorithm).update(data).digest());

export const hashingNamespace: MethodTable<null> = {
  crc32: (_, a) => (arity("hashing.crc32", a, 1), crc(CRC32, input("crc32", a[0]))),
  crc32c: (_, a) => (arity("hashing.crc32c", a, 1), crc(CRC32C, input("crc32c", a[0]))),
  md5: (_, a) => (arity("hashing.md5", a, 1), digest("md5", input("md5", a[0]))),
  sha256: (_, a) => (arity("hashing.sha256", a, 1), digest("sha256", input("sha256", a[0]))),
};
