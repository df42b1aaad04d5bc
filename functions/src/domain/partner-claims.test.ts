import { describe, expect, it } from "vitest";
import { claimsProblem, tokenScopesOf } from "./partner-claims.js";

describe("claimsProblem", () => {
  it("names every reserved claim a write would carry, in order", () => {
    expect(claimsProblem({ role: "partner", aud: "x", exp: 1 })).toBe("reserved claim name(s): aud, exp");
  });

  it("accepts partner claims beside unrelated ones", () => {
    expect(
      claimsProblem({ role: "partner", partnerId: "acme", scopes: ["entries:read"], team: "ops" }),
    ).toBeNull();
  });

  it("counts the JSON's UTF-8 bytes, not its characters", () => {
    // 495 two-byte characters: 506 characters of JSON, 1001 bytes.
    expect(claimsProblem({ note: "é".repeat(495) })).toMatch(/^claims would be 1001 bytes of JSON \(UTF-8\)/);
    expect(claimsProblem({ note: "é".repeat(494) })).toBeNull();
  });
});

describe("tokenScopesOf", () => {
  const held = { scopes: ["webhooks:manage", "entries:read", "entries:write", "ledger:all"] };

  it("is the token's known scopes, in canonical order, when it carries no tokenScopes", () => {
    expect(tokenScopesOf(held)).toEqual(["entries:read", "entries:write", "webhooks:manage"]);
    expect(tokenScopesOf({ scopes: "entries:read" })).toEqual([]);
  });

  it("narrows to tokenScopes and never widens past scopes; a tokenScopes that is no list narrows to nothing", () => {
    expect(tokenScopesOf({ ...held, tokenScopes: ["entries:read"] })).toEqual(["entries:read"]);
    expect(
      tokenScopesOf({ scopes: ["entries:read"], tokenScopes: ["entries:read", "entries:write"] }),
    ).toEqual(["entries:read"]);
    expect(tokenScopesOf({ ...held, tokenScopes: "entries:read" })).toEqual([]);
    expect(tokenScopesOf({ ...held, tokenScopes: null })).toEqual([]);
  });
});
