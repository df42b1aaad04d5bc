import type { Request } from "firebase-functions/v2/https";

/** The address a request came from, as far as this deployment can know it without trusting the caller. */
export type ClientAddress = (req: Request) => string;

/**
 * The trust model for a caller's address (used to count failed token requests per source).
 *
 * Deployed, every request reaches the function through Google's front end, which removes what a client
 * must not set and appends the address that connected to it to `X-Forwarded-For` ("clientIp, proxy1Ip,
 * proxy2Ip": Google's "Request headers in Cloud Functions" reference). A caller may send an
 * `X-Forwarded-For` of its own, but only in front of that hop: so the last hop, and only the last, is
 * an address no caller chooses. Called at the function's URL, that is the client. Through the Firebase
 * Hosting rewrite it is Hosting's edge, which many clients share: Hosting documents no header that
 * carries the client to a rewritten function, and the hop it adds before its own cannot be told from
 * one a direct caller forged. So the source is the last hop, and machine clients should call the
 * function's URL (a client behind a shared edge shares its failure count).
 *
 * Where nothing appends a hop (the Functions emulator, which relays requests as they came), every
 * `X-Forwarded-For` hop is the caller's own text, so it is ignored: the source is the socket's peer.
 */
export function clientAddress({ forwardedByGoogle }: { forwardedByGoogle: boolean }): ClientAddress {
  return (req) => {
    const peer = req.socket.remoteAddress ?? "unknown";
    if (!forwardedByGoogle) return peer;
    const hops = (req.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim());
    return hops.findLast((hop) => hop !== "") ?? peer;
  };
}
