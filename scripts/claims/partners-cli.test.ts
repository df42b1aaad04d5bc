import { describe, expect, it } from "vitest";
import { emptyCounts } from "partner-api-functions/usage-repository-port";
import { inMemoryServices } from "./in-memory-services.js";
import { runCliInProcess } from "./run-in-process.js";

const today = new Date().toISOString().slice(0, 10);

async function world() {
  const services = inMemoryServices([
    {
      uid: "u1",
      email: "alice@acme.example",
      customClaims: { role: "partner", partnerId: "acme", scopes: ["entries:read"] },
    },
  ]);
  await services.state.partners.createPartner({ id: "acme", status: "active" });
  await services.state.partners.createPartner({ id: "globex", status: "suspended" });
  const cli = (argv: string[]) => runCliInProcess(services.connect, argv);
  return { services, cli };
}

const partnerRecords = (services: ReturnType<typeof inMemoryServices>) =>
  services.state.audit
    .records()
    .filter(({ event }) => event.action.startsWith("partner."))
    .map(({ event, state }) => ({
      action: event.action,
      partnerId: event.partnerId,
      changes: event.partnerChanges,
      state,
    }));

describe("partners CLI in-process", () => {
  it("lists partners with status and quota, filtered by status, as a table or JSON", async () => {
    const { services, cli } = await world();
    await services.state.partners.setDailyRequestQuota("acme", 500);
    const listed = await cli(["partners", "list"]);
    expect(listed.status).toBe(0);
    expect(listed.stdout.split("\n")).toEqual([
      "PARTNER  STATUS     DAILY QUOTA",
      "-------  ---------  -----------",
      "acme     active     500",
      "globex   suspended  unlimited",
    ]);
    const suspended = await cli(["partners", "list", "--status", "suspended", "--json"]);
    expect(JSON.parse(suspended.stdout)).toEqual([
      { id: "globex", status: "suspended", dailyRequestQuota: null },
    ]);
    expect((await cli(["partners", "list", "--status", "paused"])).status).toBe(2);
  });

  it("shows a partner's status, quota, users, credentials without secrets, endpoints and today's usage", async () => {
    const { services, cli } = await world();
    const created = await cli(["credentials", "create", "--partner", "acme", "--json"]);
    const { clientId, clientSecret } = JSON.parse(created.stdout) as {
      clientId: string;
      clientSecret: string;
    };
    const counts = emptyCounts();
    counts.requests = 3;
    counts.byStatusClass["2xx"] = 3;
    counts.byRoute["GET /v1/entries"] = 3;
    await services.state.usage.add("acme", today, counts);
    await services.state.endpoints.change("acme", () => ({
      endpoints: [
        {
          id: "we_1",
          url: "https://hooks.acme.example/in",
          events: ["entry.created"],
          description: null,
          status: "enabled",
          disabledReason: null,
          secrets: [{ secret: "whsec_c2VjcmV0", expiresAt: null }],
          createdAt: "2026-11-30T09:00:00.000Z",
          updatedAt: "2026-11-30T09:00:00.000Z",
        },
      ],
      result: undefined,
    }));
    const shown = await cli(["partners", "show", "acme", "--json"]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).not.toContain(clientSecret);
    expect(shown.stdout).not.toContain("whsec_");
    expect(JSON.parse(shown.stdout)).toEqual({
      id: "acme",
      status: "active",
      dailyRequestQuota: null,
      users: [expect.objectContaining({ uid: "u1", email: "alice@acme.example", scopes: ["entries:read"] })],
      credentials: [expect.objectContaining({ clientId, partnerId: "acme", status: "active" })],
      webhookEndpoints: [
        {
          id: "we_1",
          url: "https://hooks.acme.example/in",
          events: ["entry.created"],
          status: "enabled",
          disabledReason: null,
        },
      ],
      usageToday: { date: today, ...counts },
    });
    const text = await cli(["partners", "show", "acme"]);
    expect(text.stdout).toContain("Partner acme: active, daily quota unlimited");
    expect(text.stdout).toContain(`Today (${today}, UTC): 3 requests`);
  });

  it("refuses an unknown or invalid partner with exit 2 and changes nothing", async () => {
    const { services, cli } = await world();
    for (const argv of [
      ["partners", "show", "initech"],
      ["partners", "suspend", "initech"],
      ["partners", "activate", "Not_Valid"],
      ["partners", "set-quota", "initech", "10"],
      ["partners", "set-quota", "acme", "-1"],
      ["partners", "set-quota", "acme", "lots"],
      ["usage", "--partner", "initech"],
      ["usage", "--partner", "acme", "--from", "2026-13-01"],
      ["usage", "--partner", "acme", "--from", "2026-01-01", "--to", "2026-12-31"],
    ]) {
      const result = await cli(argv);
      expect(result.status, argv.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/error: /);
    }
    expect(partnerRecords(services)).toEqual([]);
    expect(await services.state.partners.getPartner("acme")).toEqual({
      id: "acme",
      status: "active",
      dailyRequestQuota: null,
    });
  });

  it("suspends and re-activates a partner, audited, saying what suspension stops, and strips attachment tokens", async () => {
    const { services, cli } = await world();
    const dry = await cli(["partners", "suspend", "acme", "--dry-run"]);
    expect(dry.stdout).toContain("Would suspend partner acme");
    expect((await services.state.partners.getPartner("acme"))?.status).toBe("active");
    const suspended = await cli(["partners", "suspend", "acme"]);
    expect(suspended.status).toBe(0);
    expect(suspended.stdout).toContain("Suspended partner acme");
    expect(suspended.stdout).toMatch(/Machine credentials: the token endpoint issues no token/);
    expect(suspended.stdout).toMatch(/Webhooks: nothing is delivered while suspended/);
    expect(suspended.stdout).toMatch(/download tokens stripped from 0 object/);
    expect(services.state.strippedAttachments).toEqual(["acme"]);
    expect((await services.state.partners.getPartner("acme"))?.status).toBe("suspended");
    expect((await cli(["partners", "suspend", "acme"])).stdout).toContain("already suspended");
    const activated = await cli(["partners", "activate", "acme"]);
    expect(activated.stdout).toContain("Activated partner acme");
    expect((await services.state.partners.getPartner("acme"))?.status).toBe("active");
    expect(partnerRecords(services)).toEqual([
      {
        action: "partner.suspend",
        partnerId: "acme",
        changes: { status: { before: "active", after: "suspended" } },
        state: "applied",
      },
      {
        action: "partner.activate",
        partnerId: "acme",
        changes: { status: { before: "suspended", after: "active" } },
        state: "applied",
      },
    ]);
  });

  it("sets and removes a daily quota, audited; a failed write leaves it pending until the next run settles it", async () => {
    const { services, cli } = await world();
    expect((await cli(["partners", "set-quota", "acme", "5000"])).stdout).toContain(
      "Set partner acme's quota: unlimited -> 5000 requests/day",
    );
    expect((await services.state.partners.getPartner("acme"))?.dailyRequestQuota).toBe(5000);
    services.failOnce("applied");
    expect((await cli(["partners", "set-quota", "acme", "none"])).status).toBe(1);
    const again = await cli(["partners", "set-quota", "acme", "none"]);
    expect(again.stderr).toContain("(partner.set-quota of acme, left pending by an earlier run): applied");
    expect(again.stdout).toContain("already has a quota of unlimited");
    expect(partnerRecords(services).map(({ changes, state }) => [changes, state])).toEqual([
      [{ dailyRequestQuota: { before: null, after: 5000 } }, "applied"],
      [{ dailyRequestQuota: { before: 5000, after: null } }, "applied"],
    ]);
  });

  it("prints a partner's usage per day as a table or JSON", async () => {
    const { services, cli } = await world();
    const counts = emptyCounts();
    counts.requests = 5;
    counts.byStatusClass["2xx"] = 4;
    counts.byStatusClass["4xx"] = 1;
    counts.byRoute = { "GET /v1/entries": 4, "POST /v1/entries": 1 };
    await services.state.usage.add("acme", "2026-11-29", counts);
    const json = await cli([
      "usage",
      "--partner",
      "acme",
      "--from",
      "2026-11-28",
      "--to",
      "2026-11-29",
      "--json",
    ]);
    expect(JSON.parse(json.stdout)).toEqual({
      partnerId: "acme",
      data: [
        { date: "2026-11-28", ...emptyCounts() },
        { date: "2026-11-29", ...counts },
      ],
    });
    const text = await cli(["usage", "--partner", "acme", "--from", "2026-11-28", "--to", "2026-11-29"]);
    expect(text.stdout.split("\n")).toEqual([
      "DATE        REQUESTS  2XX  3XX  4XX  5XX  BUSIEST ROUTE",
      "----------  --------  ---  ---  ---  ---  -------------------",
      "2026-11-28  0         0    0    0    0",
      "2026-11-29  5         4    0    1    0    GET /v1/entries (4)",
    ]);
    expect(text.stderr).toContain("5 request(s) from 2026-11-28 to 2026-11-29");
  });
});
