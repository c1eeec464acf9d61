/**
 * A token bucket per key (a client address), in this process: `burst`
 * requests at once, then `perMinute` on average. For cheap anonymous
 * endpoints that do real work per request; buckets that have refilled are
 * forgotten so the map stays small.
 */
export function createRateLimiter({ perMinute, burst }: { perMinute: number; burst: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const refill = (b: { tokens: number; at: number }, now: number) => Math.min(burst, b.tokens + ((now - b.at) / 60_000) * perMinute)
  return {
    /** True when `key` may make one more request now (and counts it). */
    take(key: string, now = Date.now()): boolean {
      if (buckets.size > 10_000) for (const [k, b] of buckets) if (refill(b, now) >= burst) buckets.delete(k)
      const b = buckets.get(key) ?? { tokens: burst, at: now }
      const tokens = refill(b, now)
      if (tokens < 1) {
        buckets.set(key, { tokens, at: now })
        return false
      }
      buckets.set(key, { tokens: tokens - 1, at: now })
      return true
    },
  }
}
