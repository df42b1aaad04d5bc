import { assert } from "../errors.js";

export interface ListRequest {
  prefix: string;
  delimiter: string;
  pageToken?: string;
  maxResults: number;
}

export interface ListPage {
  prefixes: string[];
  items: string[];
  nextPageToken?: string;
}

/** The service caps a page at 1000 results, and so does the SDK's `list()`. */
export const MAX_RESULTS = 1000;

/**
 * One page of a listing over names in order. With a delimiter, names below the next delimiter
 * collapse into one prefix (a "folder"); items and prefixes share one ordered sequence, and the page
 * token is the last entry returned, so a page never repeats or skips an entry.
 */
export function listPage(sortedNames: readonly string[], request: ListRequest): ListPage {
  const after = request.pageToken === undefined ? undefined : decodePageToken(request.pageToken);
  const page: ListPage = { prefixes: [], items: [] };
  let count = 0;
  let last: string | undefined;
  const start = after !== undefined && after > request.prefix ? after : request.prefix;
  for (let i = firstIndex(sortedNames, start); i < sortedNames.length; i++) {
    const name = sortedNames[i] as string;
    if (!name.startsWith(request.prefix)) break;
    const { entry, folder } = entryOf(name, request);
    // Skips the token itself and the names inside a prefix already returned.
    if (after !== undefined && entry <= after) continue;
    if (entry === last) continue;
    if (count === request.maxResults) {
      page.nextPageToken = encodePageToken(last as string);
      break;
    }
    if (folder) page.prefixes.push(entry);
    else page.items.push(name);
    last = entry;
    count++;
  }
  return page;
}

/**
 * The entry a name lists as: itself, or the folder (prefix) it is in when the delimiter occurs after
 * the listed prefix. A name ending in the delimiter (a placeholder such as `a/b/`) is such a folder.
 */
function entryOf(name: string, { prefix, delimiter }: ListRequest): { entry: string; folder: boolean } {
  const cut = delimiter === "" ? -1 : name.indexOf(delimiter, prefix.length);
  return cut === -1
    ? { entry: name, folder: false }
    : { entry: name.slice(0, cut + delimiter.length), folder: true };
}

/** Binary search: the first name not before `start`. */
function firstIndex(names: readonly string[], start: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((names[mid] as string) < start) low = mid + 1;
    else high = mid;
  }
  return low;
}

const encodePageToken = (entry: string) => Buffer.from(entry, "utf8").toString("base64url");

function decodePageToken(token: string): string {
  assert(/^[A-Za-z0-9_-]+$/.test(token), "BAD_REQUEST", "The page token is malformed.");
  return Buffer.from(token, "base64url").toString("utf8");
}
