import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ByteBudget } from "../src/store/byte-budget.js";
import { OWNER } from "../src/rules/identity.js";
import {
  MAX_SESSIONS,
  MAX_SESSIONS_PER_CALLER,
  ResumableUploads,
  SESSION_TTL_MS,
} from "../src/store/resumable-uploads.js";
import { idToken, startTestBed, type TestBed } from "./support/sdk.js";

const RULES = `rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    match /users/{uid}/{file} {
      allow create: if request.auth.uid == uid && request.resource.size > 0;
      allow read: if request.auth.uid == uid;
    }
  }
}`;

// Resumable sessions as the service keeps them: judged as the caller who started them, remembered
// after they end, expiring after a week, and bounded so that no caller can keep another from uploading.
describe("storage emulator: resumable sessions", () => {
  let bed: TestBed;
  let now = new Date("2030-01-01T00:00:00Z");
  const alice = { authorization: `Firebase ${idToken({ sub: "alice" })}` };
  const start = async (name: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${bed.origin}/v0/b/b1/o?name=${encodeURIComponent(name)}`, {
      method: "POST",
      headers: { ...headers, "x-goog-upload-protocol": "resumable", "x-goog-upload-command": "start" },
    });
    expect(response.status).toBe(200);
    return response.headers.get("x-goog-upload-url") as string;
  };
  const command = (url: string, value: string, headers: Record<string, string> = {}, body?: string) =>
    fetch(url, {
      method: "POST",
      headers: { ...headers, "x-goog-upload-command": value, "x-goog-upload-offset": "0" },
      ...(body === undefined ? {} : { body }),
    });

  beforeAll(async () => {
    bed = await startTestBed({ rules: RULES, clock: () => now });
  });
  afterAll(() => bed.close());
  beforeEach(() => bed.emulator.reset());

  it("judges finalize as the caller who started the session, whatever the finalize request carries", async () => {
    const byAlice = await start("users/alice/a.txt", alice);
    const done = await command(byAlice, "upload, finalize", {}, "data");
    expect(done.status).toBe(200);
    const byNobody = await start("users/alice/b.txt");
    const refused = await command(byNobody, "upload, finalize", alice, "data");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-goog-upload-status")).toBe("final");
  });

  it("answers a repeated finalize as the first, with x-goog-upload-status: final, and query says final", async () => {
    const ok = await start("users/alice/ok.txt", alice);
    expect((await command(ok, "upload, finalize", {}, "data")).status).toBe(200);
    const again = await command(ok, "finalize");
    expect(again.status).toBe(200);
    expect(again.headers.get("x-goog-upload-status")).toBe("final");
    expect(await again.json()).toMatchObject({ name: "users/alice/ok.txt", size: "4" });
    expect((await command(ok, "query")).headers.get("x-goog-upload-status")).toBe("final");
    expect((await command(ok, "cancel")).status).toBe(400);

    const empty = await start("users/alice/empty.txt", alice);
    expect((await command(empty, "finalize")).status).toBe(403);
    const repeated = await command(empty, "finalize");
    expect(repeated.status).toBe(403);
    expect(repeated.headers.get("x-goog-upload-status")).toBe("final");
  });

  it("remembers a cancelled session: query says cancelled, cancel again is 200, finalize is 400", async () => {
    const url = await start("users/alice/c.txt", alice);
    expect((await command(url, "cancel")).status).toBe(200);
    expect((await command(url, "cancel")).status).toBe(200);
    expect((await command(url, "query")).headers.get("x-goog-upload-status")).toBe("cancelled");
    expect((await command(url, "finalize")).status).toBe(400);
    expect((await command(url, "upload, finalize", {}, "late")).status).toBe(400);
  });

  it("keeps resumable uploads open to everyone after 1,000 anonymous sessions: a caller's oldest session gives way to its newest", async () => {
    const first = await start("users/alice/first.txt");
    for (let i = 0; i < 1000; i++) await start(`users/alice/spam-${i}.txt`);
    const mine = await start("users/alice/mine.txt", alice);
    expect((await command(mine, "upload, finalize", {}, "data")).status).toBe(200);
    // The anonymous caller's own oldest sessions were evicted to make room for its newest.
    expect((await command(first, "query")).status).toBe(404);
    const latest = await start("users/alice/latest.txt");
    expect((await command(latest, "query")).status).toBe(200);
  });

  it("forgets a session unused for a week, as the service's session URIs expire", async () => {
    const url = await start("users/alice/old.txt", alice);
    now = new Date(now.getTime() + SESSION_TTL_MS - 1000);
    expect((await command(url, "query")).status).toBe(200);
    now = new Date(now.getTime() + SESSION_TTL_MS + 1);
    expect((await command(url, "query")).status).toBe(404);
  });
});

describe("ResumableUploads bounds", () => {
  const session = (uploads: ResumableUploads, uid: string) =>
    uploads.start({
      bucket: "b",
      name: "n",
      metadata: {},
      declaredSize: undefined,
      identity: { kind: "user", auth: { uid, token: {} } },
      mintToken: true,
    });

  it(`holds at most ${MAX_SESSIONS} sessions, evicting the least recently used and returning its bytes`, () => {
    const budget = new ByteBudget(1024 * 1024);
    const uploads = new ResumableUploads(budget, () => new Date());
    const oldest = session(uploads, "u0");
    uploads.append(oldest, 0, Buffer.alloc(1000));
    expect(budget.remaining).toBe(1024 * 1024 - 1000);
    for (let i = 1; i < MAX_SESSIONS; i++) session(uploads, `u${i}`);
    expect(uploads.size).toBe(MAX_SESSIONS);
    session(uploads, "newcomer");
    expect(uploads.size).toBe(MAX_SESSIONS);
    expect(() => uploads.get(oldest.id, "b")).toThrow(/No upload/);
    expect(budget.remaining).toBe(1024 * 1024);
  });

  it(`holds at most ${MAX_SESSIONS_PER_CALLER} unfinished sessions per caller, the admin included`, () => {
    const uploads = new ResumableUploads(new ByteBudget(1024), () => new Date());
    const start = () =>
      uploads.start({
        bucket: "b",
        name: "n",
        metadata: {},
        declaredSize: undefined,
        identity: OWNER,
        mintToken: false,
      });
    const first = start();
    for (let i = 0; i < MAX_SESSIONS_PER_CALLER; i++) start();
    expect(uploads.size).toBe(MAX_SESSIONS_PER_CALLER);
    expect(() => uploads.get(first.id, "b")).toThrow(/No upload/);
  });
});
