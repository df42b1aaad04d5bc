import type { Request } from "firebase-functions/v2/https";
import { describe, expect, it } from "vitest";
import { OAuthError } from "../oauth-error.js";
import { clientAddress } from "./client-address.js";
import { parseTokenRequest } from "./token-request.js";

const FORM = "application/x-www-form-urlencoded";

function request(
  body: string,
  headers: Record<string, string> = { "content-type": FORM },
  socket: { remoteAddress?: string } = { remoteAddress: "192.0.2.10" },
): Request {
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    get: (name: string) => lower[name.toLowerCase()],
    rawBody: Buffer.from(body),
    socket,
  } as unknown as Request;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

function refusal(req: Request): OAuthError {
  try {
    parseTokenRequest(req, "req-1", "192.0.2.10");
  } catch (error) {
    expect(error).toBeInstanceOf(OAuthError);
    return error as OAuthError;
  }
  throw new Error("the request was accepted");
}

describe("parseTokenRequest", () => {
  it("reads HTTP Basic client authentication, form-urldecoding both parts", () => {
    const req = request("grant_type=client_credentials&scope=entries%3Aread", {
      "content-type": `${FORM}; charset=UTF-8`,
      authorization: basic("pci_a%2Bb", "pcs_x+y"),
    });
    expect(parseTokenRequest(req, "req-1", "192.0.2.10")).toEqual({
      clientId: "pci_a+b",
      clientSecret: "pcs_x y",
      scopes: ["entries:read"],
      source: "192.0.2.10",
      requestId: "req-1",
    });
  });

  it("reads client_id and client_secret form fields, and an absent or empty scope as none", () => {
    const parsed = parseTokenRequest(
      request("grant_type=client_credentials&client_id=pci_1&client_secret=pcs_2&scope="),
      "req-2",
      "192.0.2.10",
    );
    expect(parsed).toMatchObject({ clientId: "pci_1", clientSecret: "pcs_2", scopes: null });
  });

  it("accepts a client_id field that repeats the Basic client id, as some libraries send", () => {
    const req = request("grant_type=client_credentials&client_id=pci_1", {
      "content-type": FORM,
      authorization: basic("pci_1", "pcs_2"),
    });
    expect(parseTokenRequest(req, "r", "192.0.2.10").clientSecret).toBe("pcs_2");
  });

  it("answers invalid_request for another media type, a repeated parameter or a missing grant_type", () => {
    const json = request('{"grant_type":"client_credentials"}', { "content-type": "application/json" });
    expect(refusal(json).toJSON()).toEqual({
      error: "invalid_request",
      error_description: expect.stringContaining(FORM),
    });
    expect(refusal(request("grant_type=client_credentials&grant_type=client_credentials")).code).toBe(
      "invalid_request",
    );
    expect(refusal(request("client_id=a&client_secret=b")).code).toBe("invalid_request");
    expect(refusal(request("x".repeat(64 * 1024 + 1))).code).toBe("invalid_request");
  });

  it("answers unsupported_grant_type for any grant but client_credentials", () => {
    for (const grant of ["password", "authorization_code", "CLIENT_CREDENTIALS"]) {
      const refused = refusal(request(`grant_type=${grant}&client_id=a&client_secret=b`));
      expect(refused.code).toBe("unsupported_grant_type");
      expect(refused.status).toBe(400);
    }
  });

  it("answers invalid_request when both Basic and a client_secret field authenticate", () => {
    const req = request("grant_type=client_credentials&client_secret=pcs_2", {
      "content-type": FORM,
      authorization: basic("pci_1", "pcs_2"),
    });
    expect(refusal(req).code).toBe("invalid_request");
    const otherId = request("grant_type=client_credentials&client_id=pci_9", {
      "content-type": FORM,
      authorization: basic("pci_1", "pcs_2"),
    });
    expect(refusal(otherId).code).toBe("invalid_request");
  });

  it("answers invalid_client with the Basic challenge for missing or unusable client authentication", () => {
    const cases = [
      request("grant_type=client_credentials"),
      request("grant_type=client_credentials&client_id=pci_1"),
      request("grant_type=client_credentials", { "content-type": FORM, authorization: "Bearer abc" }),
      request("grant_type=client_credentials", { "content-type": FORM, authorization: "Basic !!!" }),
      request("grant_type=client_credentials", {
        "content-type": FORM,
        authorization: `Basic ${Buffer.from("no-colon").toString("base64")}`,
      }),
      request("grant_type=client_credentials", {
        "content-type": FORM,
        authorization: basic("%E0%A4%A", "x"),
      }),
    ];
    for (const req of cases) {
      const refused = refusal(req);
      expect(refused.status).toBe(401);
      expect(refused.toJSON().error).toBe("invalid_client");
      expect(refused.headers["WWW-Authenticate"]).toBe('Basic realm="partner-api"');
    }
  });

  it("answers invalid_scope for a scope outside RFC 6749's syntax", () => {
    for (const scope of ["entries:read%20%20entries:write", "%22quoted%22", "a".repeat(600)]) {
      expect(
        refusal(request(`grant_type=client_credentials&client_id=a&client_secret=b&scope=${scope}`)).code,
      ).toBe("invalid_scope");
    }
  });
});

describe("parseTokenRequest's refusals, word for word", () => {
  const described = (req: Request) => {
    const refused = refusal(req);
    return { status: refused.status, ...refused.toJSON() };
  };

  it("reads the form whatever the case and spacing of its Content-Type, and refuses a request without one", () => {
    const body = "grant_type=client_credentials&client_id=pci_1&client_secret=pcs_2";
    const spaced = request(body, { "content-type": "Application/X-WWW-Form-Urlencoded ; charset=utf-8" });
    expect(parseTokenRequest(spaced, "r", "192.0.2.10")).toMatchObject({
      clientId: "pci_1",
      clientSecret: "pcs_2",
    });
    expect(described(request(body, {}))).toEqual({
      status: 400,
      error: "invalid_request",
      error_description: `Send the parameters as ${FORM}.`,
    });
  });

  it("takes a body of exactly 64 KiB and refuses one byte more, however well formed", () => {
    const prefix = "grant_type=client_credentials&client_id=pci_1&client_secret=";
    const sized = (bytes: number) => request(prefix + "s".repeat(bytes - prefix.length));
    expect(parseTokenRequest(sized(64 * 1024), "r", "192.0.2.10").clientSecret).toHaveLength(
      64 * 1024 - prefix.length,
    );
    expect(described(sized(64 * 1024 + 1))).toEqual({
      status: 400,
      error: "invalid_request",
      error_description: "The body is over 65536 bytes.",
    });
  });

  it("says which parameter is missing, repeated or unsupported", () => {
    expect(described(request("client_id=a&client_secret=b"))).toEqual({
      status: 400,
      error: "invalid_request",
      error_description: "The grant_type parameter is required.",
    });
    expect(described(request("grant_type=client_credentials&scope=a&scope=b"))).toEqual({
      status: 400,
      error: "invalid_request",
      error_description: "The parameter scope is repeated.",
    });
    expect(described(request("grant_type=password&client_id=a&client_secret=b"))).toEqual({
      status: 400,
      error: "unsupported_grant_type",
      error_description: "Only grant_type=client_credentials is supported.",
    });
    const twoWays = request("grant_type=client_credentials&client_secret=pcs_2", {
      "content-type": FORM,
      authorization: basic("pci_1", "pcs_2"),
    });
    expect(described(twoWays)).toEqual({
      status: 400,
      error: "invalid_request",
      error_description: "Authenticate the client one way: HTTP Basic or form fields.",
    });
  });

  it("answers invalid_client for a client_secret field without a client_id", () => {
    const refused = refusal(request("grant_type=client_credentials&client_secret=pcs_2"));
    expect(refused.status).toBe(401);
    expect(refused.toJSON().error).toBe("invalid_client");
  });

  it("reads Basic credentials with any padding and several spaces, and nothing before or after them", () => {
    // base64 of 6, 5 and 4 bytes: no padding, "=" and "==".
    for (const [id, secret] of [
      ["ab", "cde"],
      ["ab", "cd"],
      ["ab", "c"],
    ] as const) {
      const encoded = Buffer.from(`${id}:${secret}`).toString("base64");
      const req = request("grant_type=client_credentials", {
        "content-type": FORM,
        authorization: `basic   ${encoded}`,
      });
      expect(parseTokenRequest(req, "r", "192.0.2.10")).toMatchObject({ clientId: id, clientSecret: secret });
    }
    for (const authorization of [`x${basic("ab", "cde")}`, `${basic("ab", "cde")}!`]) {
      const refused = refusal(
        request("grant_type=client_credentials", { "content-type": FORM, authorization }),
      );
      expect(refused.toJSON().error).toBe("invalid_client");
    }
  });

  it("takes a scope of exactly 512 characters and refuses a longer one", () => {
    const form = (scope: string) =>
      `grant_type=client_credentials&client_id=a&client_secret=b&scope=${scope}`;
    expect(parseTokenRequest(request(form("a".repeat(512))), "r", "192.0.2.10").scopes).toEqual([
      "a".repeat(512),
    ]);
    expect(described(request(form("a".repeat(513))))).toEqual({
      status: 400,
      error: "invalid_scope",
      error_description: "The scope parameter is malformed: scopes separated by single spaces.",
    });
  });
});

describe("clientAddress", () => {
  const hops = { "x-forwarded-for": "10.0.0.1, 198.51.100.7" };

  it('deployed, takes the last X-Forwarded-For hop (the one Google\'s front end appends), else the peer, else "unknown"', () => {
    const deployed = clientAddress({ forwardedByGoogle: true });
    expect(deployed(request("", hops))).toBe("198.51.100.7");
    expect(deployed(request("", { "x-forwarded-for": " , " }))).toBe("192.0.2.10");
    expect(deployed(request("", {}))).toBe("192.0.2.10");
    expect(deployed(request("", {}, {}))).toBe("unknown");
  });

  it("where nothing appends a hop, ignores X-Forwarded-For (the caller's own text) and takes the peer", () => {
    const emulator = clientAddress({ forwardedByGoogle: false });
    expect(emulator(request("", hops))).toBe("192.0.2.10");
    expect(emulator(request("", { "x-forwarded-for": "198.51.100.7" }, {}))).toBe("unknown");
  });
});
