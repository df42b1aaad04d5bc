import ipaddr from "ipaddr.js";

/**
 * Where webhooks may be sent (OWASP API7, server-side request forgery): in production only https to
 * public addresses; on the emulator stack also loopback (`http://127.0.0.1:<port>`), where the test
 * receivers listen. A URL is checked when an endpoint is registered, and every address its host
 * resolves to is checked again at each delivery (names can be re-pointed after registration).
 */
export interface TargetPolicy {
  /** The emulator stack: loopback addresses and plain http to them are allowed. */
  allowLoopback: boolean;
}

// Host names of this machine and of the platform's metadata server, refused without a lookup. Any
// other name that resolves to such an address is refused at delivery, after resolution.
const LOOPBACK_NAMES = /(^|\.)localhost$/;
const METADATA_NAMES = /^metadata(\.google\.internal)?$/;

// The brackets around an IPv6 literal in a WHATWG hostname. The parser puts brackets only around a
// whole literal, so either anchor alone would match the same hostnames.
const IPV6_LITERAL = /^\[(.*)\]$/;

/**
 * Why a resolved address may not be a webhook target, or null when it may. Only globally routable
 * unicast addresses pass: ipaddr.js classifies every special range (private, loopback, link-local with
 * the metadata address 169.254.169.254, unique-local, carrier-grade NAT, multicast, reserved, NAT64
 * and the other IPv6 transition ranges that can embed an internal IPv4 address).
 */
export function addressProblem(address: string, policy: TargetPolicy): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const range = ipaddr.process(address).range();
  if (range === "unicast") return null;
  if (range === "loopback" && policy.allowLoopback) return null;
  return `${address} is not a public address (${range})`;
}

/** Why `raw` cannot be a webhook endpoint URL, or null when it can. */
export function endpointUrlProblem(raw: string, policy: TargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not carry credentials";
  // The WHATWG parser normalises every IPv4 spelling (0x7f.1, 2130706433) to dotted decimal, and
  // keeps IPv6 literals in brackets.
  // A trailing dot names the same host (an absolute DNS name).
  const host = url.hostname.replace(IPV6_LITERAL, "$1").replace(/\.$/, "").toLowerCase();
  const literal = ipaddr.isValid(host);
  const loopback = literal ? ipaddr.process(host).range() === "loopback" : LOOPBACK_NAMES.test(host);
  if (url.protocol === "http:" && !(policy.allowLoopback && loopback)) {
    return policy.allowLoopback ? "must use https (http only to a loopback address here)" : "must use https";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must use https";
  if (literal) {
    const problem = addressProblem(host, policy);
    return problem ? `must name a public host: ${problem}` : null;
  }
  if (METADATA_NAMES.test(host)) return `must name a public host: ${host} is the metadata server`;
  if (loopback && !policy.allowLoopback) return `must name a public host: ${host} is this machine`;
  if (!loopback && !host.includes(".")) return `must name a public host: ${host} is not a qualified name`;
  return null;
}
