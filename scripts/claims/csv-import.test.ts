import type { UserRecord } from "firebase-admin/auth";
import { describe, expect, it } from "vitest";
import { parseImportCsv, planImport } from "./csv-import.js";

describe("parseImportCsv", () => {
  it("reads rows with their line numbers, any column order, blank lines skipped", () => {
    const { rows, problems } = parseImportCsv(
      "Scopes,User,Partner\r\nentries:read;entries:write,alice@x.test,acme\r\n\r\nentries:read,bob,globex\r\n",
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        user: "alice@x.test",
        partner: { role: "partner", partnerId: "acme", scopes: ["entries:read", "entries:write"] },
      },
      { line: 4, user: "bob", partner: { role: "partner", partnerId: "globex", scopes: ["entries:read"] } },
    ]);
  });

  it("reports every bad row with its line number", () => {
    const { rows, problems } = parseImportCsv(
      [
        "user,partner,scopes",
        "alice,acme,entries:read",
        "bob,ACME,entries:read",
        "carol,acme,entries:nope",
        ",acme,entries:read",
        "dave,acme",
        "alice,acme,entries:write",
        "erin,acme,",
      ].join("\n"),
    );
    expect(rows.map((row) => row.line)).toEqual([2]);
    expect(problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(problems[0]?.message).toContain("partnerId");
    expect(problems[1]?.message).toContain("entries:nope");
    expect(problems[2]?.message).toContain("user: empty");
    expect(problems[4]?.message).toContain("already on line 2");
    expect(problems[5]?.message).toContain("scopes: empty");
  });

  it("refuses a file without the header", () => {
    expect(() => parseImportCsv("alice,acme,entries:read\n")).toThrow(/header "user,partner,scopes"/);
  });
});

describe("planImport", () => {
  const user = (uid: string, customClaims: Record<string, unknown> = {}) =>
    ({ uid, email: `${uid}@x.test`, customClaims }) as unknown as UserRecord;

  it("flags unknown users, one user named twice, and claims over the limit", () => {
    const { rows } = parseImportCsv(
      [
        "user,partner,scopes",
        "a,acme,entries:read",
        "a@x.test,acme,entries:read",
        "ghost,acme,entries:read",
        "big,acme,entries:read",
      ].join("\n"),
    );
    const users = new Map([
      ["a", user("a")],
      ["a@x.test", user("a")],
      ["big", user("big", { notes: "x".repeat(990) })],
    ]);
    const { planned, problems } = planImport(rows, users);
    expect(planned.map((row) => row.line)).toEqual([2]);
    expect(problems).toEqual([
      { line: 3, message: "user: a@x.test is the same user as line 2" },
      { line: 4, message: 'user: no user with uid or email "ghost"' },
      { line: 5, message: expect.stringContaining("at most 1000") },
    ]);
  });
});
