import { LRUCache } from "lru-cache";

/** The two operations the access checks need from a per-instance cache. */
export interface ExpiringCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

/**
 * A bounded in-memory LRU whose entries expire `ttlMs` after they are set. Zero caches nothing:
 * lru-cache reads `ttl: 0` as "never expires", which would keep a revoked user or a suspended
 * partner accepted for the life of the instance.
 */
export function expiringCache<V extends object | string>(ttlMs: number, max = 10_000): ExpiringCache<V> {
  if (ttlMs <= 0) return { get: () => undefined, set: () => {} };
  return new LRUCache<string, V>({ max, ttl: ttlMs });
}
