import type { Entry } from "../domain/entries/entry-schema.js";

/** A strong ETag for one version of an entry. */
export function etagOf(entry: Entry): string {
  return `"v${entry.version}"`;
}

/**
 * The If-Match precondition as a predicate on the current entry: absent matches anything, `*`
 * matches any existing entry, otherwise one of the listed strong ETags must be current (RFC 9110).
 */
export function ifMatchPrecondition(header: string | undefined): (current: Entry) => boolean {
  if (header === undefined) return () => true;
  const tags = header.split(",").map((tag) => tag.trim());
  if (tags.includes("*")) return () => true;
  return (current) => tags.includes(etagOf(current));
}
