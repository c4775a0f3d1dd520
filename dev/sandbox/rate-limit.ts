/**
 * HighLevel's API 2.0 rate limits: per marketplace app (client) and per resource (the location
 * of a sub-account token, the company of an agency token), a burst limit per interval plus a
 * daily limit. Every API response carries the five X-RateLimit-* headers; over the limit the
 * answer is 429 without a Retry-After header.
 *
 * Fixed windows: the burst window opens with the first request of a resource and closes
 * `windowMs` later; the daily window likewise lasts 24 hours.
 */
import { DAY_MS } from './constants';

export interface RateLimitConfig {
  burst: number;
  windowMs: number;
  daily: number;
}

interface Bucket {
  windowStart: number;
  count: number;
  dayStart: number;
  dayCount: number;
}

export type Verdict = { limited: false } | { limited: true; which: 'burst' | 'daily' };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly config: RateLimitConfig,
    /** false: count and report, but never refuse (benchmarks). */
    readonly enforce: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  private bucket(key: string): Bucket {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { windowStart: now, count: 0, dayStart: now, dayCount: 0 };
      this.buckets.set(key, b);
    }
    if (now - b.windowStart >= this.config.windowMs) {
      b.windowStart = now;
      b.count = 0;
    }
    if (now - b.dayStart >= DAY_MS) {
      b.dayStart = now;
      b.dayCount = 0;
    }
    return b;
  }

  /** Counts one request (unless refused) and returns the verdict. */
  hit(key: string): Verdict {
    const b = this.bucket(key);
    if (this.enforce) {
      if (b.dayCount >= this.config.daily) return { limited: true, which: 'daily' };
      if (b.count >= this.config.burst) return { limited: true, which: 'burst' };
    }
    b.count++;
    b.dayCount++;
    return { limited: false };
  }

  /** The five headers for a resource (or a fresh bucket when the caller is unknown). */
  headers(key: string | undefined): Record<string, string> {
    const c = this.config;
    const b = key === undefined ? undefined : this.bucket(key);
    const used = b ? b.count : 0;
    const dayUsed = b ? b.dayCount : 0;
    return {
      'X-RateLimit-Max': String(c.burst),
      'X-RateLimit-Remaining': String(Math.max(0, c.burst - used)),
      'X-RateLimit-Interval-Milliseconds': String(c.windowMs),
      'X-RateLimit-Limit-Daily': String(c.daily),
      'X-RateLimit-Daily-Remaining': String(Math.max(0, c.daily - dayUsed)),
    };
  }
}
