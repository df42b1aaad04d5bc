import { isDocumentId } from "../domain/document-id.js";
import { ApiError } from "../errors.js";

/** A route of the table; `:name` segments capture path parameters. */
export interface Route<H> {
  method: string;
  path: string;
  handler: H;
}

export interface RouteMatch<H> {
  route: Route<H>;
  params: Record<string, string>;
}

/**
 * A route table with 404 and 405 (with `Allow`) derived from it. Written by hand because the API has
 * six routes and needs exactly these answers; a framework router would add its own 404/405 shapes.
 */
export function createRouter<H>(routes: Route<H>[]): (method: string, path: string) => RouteMatch<H> {
  const compiled = routes.map((route) => ({ route, segments: route.path.split("/").slice(1) }));
  return (method, path) => {
    const segments = path.split("/").slice(1);
    const candidates = compiled.flatMap(({ route, segments: pattern }) => {
      const params = matchSegments(pattern, segments);
      return params ? [{ route, params }] : [];
    });
    if (candidates.length === 0) throw new ApiError("NOT_FOUND", "No such route; see /v1/openapi.json.");
    const match = candidates.find(({ route }) => route.method === method);
    if (match) return match;
    const allow = candidates.map(({ route }) => route.method).join(", ");
    throw new ApiError("METHOD_NOT_ALLOWED", `${method} is not supported here; use ${allow}.`, {
      headers: { Allow: allow },
    });
  };
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    // Stryker disable next-line StringLiteral: the lengths are equal (checked above), so the fallback never applies
    const segment = segments[index] ?? "";
    if (part.startsWith(":")) {
      const value = decodeSegment(segment);
      if (!value) return null;
      params[part.slice(1)] = value;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

/**
 * A path parameter, decoded, when it can name a Firestore document (every id this API serves is a
 * document id); anything else (`a%2Fb`, `..`, `__x__`, 1,501 bytes, broken encoding) matches no route,
 * so no handler ever builds a document path from it.
 */
// Stryker disable BlockStatement: an emptied catch returns undefined, which matchSegments refuses as it does null
function decodeSegment(segment: string): string | null {
  try {
    const value = decodeURIComponent(segment);
    return isDocumentId(value) ? value : null;
  } catch {
    return null;
  }
}
// Stryker restore BlockStatement
