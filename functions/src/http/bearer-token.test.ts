import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.js";
import { bearerToken } from "./bearer-token.js";

const TOKEN = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.";

function refusal(header: string | undefined): { detail: string; challenge: unknown } {
  try {
    bearerToken(header);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expect(error.code).toBe("UNAUTHENTICATED");
    return { detail: error.detail, challenge: error.headers["WWW-Authenticate"] };
  }
  throw new Error(`accepted ${header}`);
}

describe("bearerToken", () => {
  it("takes the token of a Bearer header, any case of the scheme, any run of spaces between (RFC 6750)", () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer  ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`BEARER\t${TOKEN}`)).toBe(TOKEN);
  });

  it("asks for a token when there is no header, with a bare challenge", () => {
    expect(refusal(undefined)).toEqual({
      detail: "Send a Firebase ID token as Authorization: Bearer <token>.",
      challenge: 'Bearer realm="partner-api"',
    });
    expect(refusal("").challenge).toBe('Bearer realm="partner-api"');
  });

  it.each([["Basic dXNlcjpwYXNz"], ["Bearer"], [`Bearer ${TOKEN} extra`], [TOKEN]])(
    "answers invalid_request for a header that is not `Bearer <token>`: %j",
    (header) => {
      expect(refusal(header)).toEqual({
        detail: "The Authorization header must be: Bearer <Firebase ID token>.",
        challenge: 'Bearer realm="partner-api", error="invalid_request"',
      });
    },
  );

  it("accepts up to 8192 characters in a JWT's three base64url parts, the signature possibly empty", () => {
    const longest = `${"a".repeat(8192 - 4)}.b.c`;
    expect(bearerToken(`Bearer ${longest}`)).toBe(longest);
    expect(bearerToken("Bearer a-_0.B9.")).toBe("a-_0.B9.");
  });

  it.each([[`${"a".repeat(8192 - 3)}.b.c`], ["a.b"], ["a.b.c.d"], ["a+b.c.d"], [".b.c"], ["a..c"]])(
    "answers invalid_token for a token that is not a Firebase ID token's shape: %s",
    (token) => {
      expect(refusal(`Bearer ${token}`)).toEqual({
        detail: "The bearer token is not a Firebase ID token.",
        challenge: 'Bearer realm="partner-api", error="invalid_token"',
      });
    },
  );
});
