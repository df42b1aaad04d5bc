import { describe, expect, it } from "vitest";
import { createTokenCache, REFRESH_MARGIN_MS, type IssuedToken } from "../src/token-cache.js";

/** A token endpoint whose answers the test releases, and a clock the test moves. */
function harness(expiresInSeconds = 3600) {
  let time = 1_000_000;
  const pending: { resolve: (token: IssuedToken) => void; reject: (error: Error) => void }[] = [];
  let issued = 0;
  const cache = createTokenCache(
    () =>
      new Promise<IssuedToken>((resolve, reject) => {
        pending.push({
          resolve: () => resolve({ accessToken: `token-${++issued}`, expiresInSeconds }),
          reject,
        });
      }),
    () => time,
  );
  return {
    cache,
    requests: () => pending.length,
    answer: async (index: number) => {
      pending[index]?.resolve({ accessToken: "", expiresInSeconds });
      await Promise.resolve();
    },
    fail: (index: number) => pending[index]?.reject(new Error("endpoint down")),
    advance: (ms: number) => void (time += ms),
  };
}

describe("token cache", () => {
  it("shares one token request among concurrent callers", async () => {
    const { cache, requests, answer } = harness();
    const callers = Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(requests()).toBe(1);
    await answer(0);
    expect(await callers).toEqual(["token-1", "token-1", "token-1"]);
  });

  it("reuses the token until the refresh margin before its expiry, then fetches one new token", async () => {
    const { cache, requests, answer, advance } = harness(3600);
    const first = cache.get();
    await answer(0);
    expect(await first).toBe("token-1");
    advance(3600_000 - REFRESH_MARGIN_MS - 1);
    expect(await cache.get()).toBe("token-1");
    expect(requests()).toBe(1);

    advance(1);
    const refreshing = [cache.get(), cache.get()];
    expect(requests()).toBe(2);
    await answer(1);
    expect(await Promise.all(refreshing)).toEqual(["token-2", "token-2"]);
  });

  it("refreshes a short-lived token at half its lifetime", async () => {
    const { cache, requests, answer, advance } = harness(2);
    const first = cache.get();
    await answer(0);
    await first;
    advance(999);
    expect(await cache.get()).toBe("token-1");
    advance(1);
    void cache.get();
    expect(requests()).toBe(2);
  });

  it("does not cache a failed request: the next caller asks again", async () => {
    const { cache, requests, fail, answer } = harness();
    const failing = cache.get();
    fail(0);
    await expect(failing).rejects.toThrow("endpoint down");
    const retried = cache.get();
    expect(requests()).toBe(2);
    await answer(1);
    expect(await retried).toBe("token-1");
  });

  it("drops a refused token once, and not a newer one another caller already fetched", async () => {
    const { cache, requests, answer } = harness();
    const first = cache.get();
    await answer(0);
    expect(await first).toBe("token-1");
    cache.invalidate("token-1");
    const second = cache.get();
    await answer(1);
    expect(await second).toBe("token-2");
    // A second request refused with the old token arrives late: the new one stays.
    cache.invalidate("token-1");
    expect(await cache.get()).toBe("token-2");
    expect(requests()).toBe(2);
  });
});
