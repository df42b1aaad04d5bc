/** An access token and how long it lives, as the token endpoint answers. */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Hands out a cached access token and replaces it before it expires. */
export interface TokenCache {
  /** A token that is still fresh, fetching one when there is none (one fetch at a time). */
  get(): Promise<string>;
  /** Forgets `token` (the API refused it), unless a newer one already replaced it. */
  invalidate(token: string): void;
}

/** Refresh this long before expiry, or at half the lifetime for tokens shorter than twice this. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * Caches the token `fetchToken` issues until `REFRESH_MARGIN_MS` before its expiry, measured from when
 * it was requested (so a slow answer errs early). Concurrent callers share one fetch, and a failed
 * fetch is not cached: the next caller tries again.
 */
export function createTokenCache(fetchToken: () => Promise<IssuedToken>, now: () => number): TokenCache {
  let current: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const refresh = async (): Promise<string> => {
    const requestedAt = now();
    const issued = await fetchToken();
    const lifetimeMs = issued.expiresInSeconds * 1000;
    current = {
      token: issued.accessToken,
      refreshAt: requestedAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2),
    };
    return issued.accessToken;
  };

  return {
    get() {
      if (current && now() < current.refreshAt) return Promise.resolve(current.token);
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (current?.token === token) current = undefined;
    },
  };
}
