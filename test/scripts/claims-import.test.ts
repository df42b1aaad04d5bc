import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adminAuth, createUser, uniqueId } from "../support/stack.js";
import { auditLogsFor, auditLogsForPartner, partnerDoc, runClaims } from "./claims-cli.js";

const dir = mkdtempSync(join(tmpdir(), "claims-import-"));

function csvFile(lines: readonly string[]): string {
  const path = join(dir, `${uniqueId("rows")}.csv`);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

/** Creates `count` users at once (importUsers takes up to 1000); the first `granted` already hold the claims. */
async function createManyUsers(count: number, partnerId: string, granted: number) {
  const prefix = uniqueId("bulk");
  const users = Array.from({ length: count }, (_, i) => ({
    uid: `${prefix}-${i}`,
    email: `${prefix}-${i}@example.test`,
    customClaims:
      i < granted
        ? { role: "partner", partnerId, scopes: ["entries:read", "entries:write"] }
        : { tier: i % 2 ? "gold" : "silver" },
  }));
  const result = await adminAuth().importUsers(users);
  expect(result.failureCount).toBe(0);
  return users;
}

describe("claims import", () => {
  it("with bad rows changes nothing and names every bad row by line number (exit 2)", async () => {
    const good = await createUser({ tier: "gold" });
    const other = await createUser();
    const big = await createUser({ notes: "x".repeat(950) });
    const partnerId = uniqueId("imp");
    const file = csvFile([
      "user,partner,scopes",
      `${good.email},${partnerId},entries:read`,
      `${other.uid},Not_Valid,entries:read`,
      `${other.email},${partnerId},entries:read;entries:delete`,
      `${uniqueId("ghost")}@example.test,${partnerId},entries:read`,
      `${good.email},${partnerId},entries:write`,
      `${big.uid},${partnerId},entries:read entries:write`,
      `${other.uid},${partnerId},`,
    ]);

    const result = await runClaims(["import", file]);

    expect(result.status).toBe(2);
    const bad = [...result.stderr.matchAll(/\.csv:(\d+): /g)].map((match) => Number(match[1]));
    expect(bad).toEqual([3, 4, 5, 6, 7, 8]);
    expect(result.stderr).toMatch(/:3: .*partnerId/);
    expect(result.stderr).toMatch(/:4: .*entries:delete/);
    expect(result.stderr).toMatch(/:5: .*no user/);
    expect(result.stderr).toMatch(/:6: .*already on line 2/);
    expect(result.stderr).toMatch(/:7: .*1000/);
    expect(result.stderr).toMatch(/:8: .*scopes/);
    expect(result.stderr).toContain("nothing changed");
    expect((await adminAuth().getUser(good.uid)).customClaims).toEqual({ tier: "gold" });
    expect(await partnerDoc(partnerId)).toBeUndefined();
    expect(await auditLogsFor(good.uid)).toEqual([]);
  });

  it("with --dry-run reports what would change and changes nothing", async () => {
    const partnerId = uniqueId("imp");
    const users = await createManyUsers(5, partnerId, 1);
    const file = csvFile([
      "user,partner,scopes",
      ...users.map((u) => `${u.email},${partnerId},entries:read;entries:write`),
    ]);

    const result = await runClaims(["import", file, "--dry-run"]);

    expect(result.status).toBe(0);
    expect(result.stdout).toContain("would grant 4, unchanged 1, failed 0");
    expect(result.stdout).toContain(`Would create partner(s): ${partnerId}`);
    expect(result.stdout).toContain("Dry run: nothing changed.");
    expect((await adminAuth().getUser(users[4]?.uid ?? "")).customClaims).toEqual({ tier: "silver" });
    expect(await partnerDoc(partnerId)).toBeUndefined();
    expect(await auditLogsForPartner(partnerId)).toEqual([]);
  });

  it("of 1,000 rows grants every row, prints the summary, and a re-run changes nothing", async () => {
    const partnerId = uniqueId("bulk");
    const users = await createManyUsers(1000, partnerId, 10);
    // Half the rows name the user by email, half by uid; scopes separated by ';' and by a space.
    const rows = users.map((user, i) =>
      i % 2
        ? `${user.email},${partnerId},entries:read;entries:write`
        : `${user.uid},${partnerId},entries:write entries:read`,
    );
    const file = csvFile(["user,partner,scopes", ...rows]);

    const first = await runClaims(["import", file]);

    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /1000 rows in [\d.]+s \(concurrency 10\): granted 990, unchanged 10, failed 0/,
    );
    expect((await adminAuth().getUser(users[11]?.uid ?? "")).customClaims).toEqual({
      tier: "gold",
      role: "partner",
      partnerId,
      scopes: ["entries:read", "entries:write"],
    });
    expect(await partnerDoc(partnerId)).toMatchObject({ status: "active" });
    const logs = await auditLogsForPartner(partnerId);
    expect(logs.filter((log) => log.action === "claims.grant")).toHaveLength(990);
    expect(logs.filter((log) => log.action === "partner.create")).toHaveLength(1);

    const again = await runClaims(["import", file]);

    expect(again.status).toBe(0);
    expect(again.stdout).toContain("granted 0, unchanged 1000, failed 0");
    expect(await auditLogsForPartner(partnerId)).toHaveLength(991);

    // More than 1000 users exist now, so list has to page through listUsers to find all of them.
    const list = await runClaims(["list", "--partner", partnerId, "--json"]);
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(1000);
  }, 180_000);
});
