// CRC-32C (Castagnoli), as Cloud Storage reports it in `crc32c`: big-endian, base64. Written here
// because the table-driven algorithm is a dozen lines: pure-JS packages exist (@aws-crypto/crc32c),
// but would add a dependency for no speed, and the fast ones are native addons, which break when
// built for another Node than the one npm scripts run (22).
const POLYNOMIAL = 0x82f63b78;

const TABLE = Uint32Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
  return crc >>> 0;
});

/** The CRC-32C of `data`, base64-encoded as in object metadata. */
export function crc32c(data: Uint8Array): string {
  let crc = 0xffffffff;
  for (const byte of data) crc = (TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString("base64");
}
