import { describe, expect, it } from "vitest";
import { claimsProblem } from "./partner-claims.js";

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
