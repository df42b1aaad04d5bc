/**
 * A random identifier of 128 bits, hex. crypto.getRandomValues exists in Node 20+ and in every
 * browser, secure context or not (crypto.randomUUID needs HTTPS or localhost).
 */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return prefix + Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
