import { describe, expect, it } from "vitest";
import { CliError } from "./cli-error.js";
import { parsePartnerClaims, planGrant, planRevoke, splitScopes } from "./claims-plan.js";

const partner = (partnerId: string, scopes: ("entries:read" | "entries:write")[]) =>
  ({ role: "partner", partnerId, scopes }) as const;

describe("splitScopes and parsePartnerClaims", () => {
  it("splits scopes on commas, semicolons and whitespace", () => {
    expect(splitScopes(" entries:read;entries:write, entries:read  ")).toEqual([
      "entries:read",
      "entries:write",
      "entries:read",
    ]);
  });

  it("de-duplicates scopes into canonical order", () => {
    const parsed = parsePartnerClaims("acme", ["entries:write", "entries:read", "entries:write"]);
    expect(parsed).toEqual({ ok: true, claims: partner("acme", ["entries:read", "entries:write"]) });
  });

  it("accepts webhooks:manage, the scope of the webhook routes, beside the entry scopes", () => {
    const parsed = parsePartnerClaims("acme", splitScopes("webhooks:manage,entries:read"));
    expect(parsed).toEqual({
      ok: true,
      claims: { role: "partner", partnerId: "acme", scopes: ["entries:read", "webhooks:manage"] },
    });
  });

  it("names every problem: a bad partner id and an unknown scope", () => {
    const parsed = parsePartnerClaims("-Acme", ["entries:read", "entries:delete"]);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(2);
    expect(parsed.problems[0]).toMatch(/^partnerId: /);
    expect(parsed.problems[1]).toContain("entries:delete");
  });
});

describe("planGrant", () => {
  it("keeps unrelated claims and reports a change", () => {
    const plan = planGrant({ uid: "u1", customClaims: { tier: "gold" } }, partner("acme", ["entries:read"]));
    expect(plan.after).toEqual({
      tier: "gold",
      role: "partner",
      partnerId: "acme",
      scopes: ["entries:read"],
    });
    expect(plan.claimsChanged).toBe(true);
    expect(plan.revokeTokens).toBe(false);
  });

  it("sees the same claims with scopes in another order as unchanged", () => {
    const claims = { role: "partner", partnerId: "acme", scopes: ["entries:write", "entries:read"] };
    const plan = planGrant(
      { uid: "u1", customClaims: claims },
      partner("acme", ["entries:read", "entries:write"]),
    );
    expect(plan.claimsChanged).toBe(false);
  });

  it("revokes tokens when a grant narrows access: fewer scopes or another partner", () => {
    const held = { role: "partner", partnerId: "acme", scopes: ["entries:read", "entries:write"] };
    expect(planGrant({ uid: "u", customClaims: held }, partner("acme", ["entries:read"])).revokeTokens).toBe(
      true,
    );
    expect(
      planGrant({ uid: "u", customClaims: held }, partner("globex", held.scopes as never)).revokeTokens,
    ).toBe(true);
    const widened = planGrant(
      { uid: "u", customClaims: { ...held, scopes: ["entries:read"] } },
      partner("acme", ["entries:read", "entries:write"]),
    );
    expect(widened.revokeTokens).toBe(false);
  });

  it("refuses claims over 1000 bytes of JSON with exit status 2", () => {
    const user = { uid: "u1", customClaims: { notes: "x".repeat(950) } };
    expect(() => planGrant(user, partner("acme", ["entries:read"]))).toThrow(CliError);
    try {
      planGrant(user, partner("acme", ["entries:read"]));
    } catch (error) {
      expect((error as CliError).exitStatus).toBe(2);
      expect((error as CliError).message).toContain("1000");
    }
  });
});

describe("planRevoke", () => {
  it("removes only the partner claims and always revokes tokens", () => {
    const plan = planRevoke({
      uid: "u1",
      customClaims: { tier: "gold", role: "partner", partnerId: "acme", scopes: ["entries:read"] },
    });
    expect(plan.after).toEqual({ tier: "gold" });
    expect(plan.claimsChanged).toBe(true);
    expect(plan.revokeTokens).toBe(true);
    expect(planRevoke({ uid: "u2", customClaims: { tier: "gold" } }).claimsChanged).toBe(false);
  });
});
