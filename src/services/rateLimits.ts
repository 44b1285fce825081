import type { Db } from "../db/client.js";
import { takeRateCount } from "../db/repositories/rateLimits.js";
import type { FieldCipher } from "../security/fieldCipher.js";
import { rateLimitTag } from "../security/rateLimitKeys.js";

// Per-minute limits: the route table's (per client address), each API token's, and unknown tokens per address.
// Counted in windows of the clock minute. What a window allows is kept in an `AllowanceStore`: in memory when one
// process owns the data (PGlite), in PostgreSQL when several processes or hosts serve (`SharedAllowance`).
// A process takes allowance from the store in chunks and spends it locally, so a busy key costs at most about
// 100 round trips a minute across the cluster, and a key that has used its window is refused without one.
//
// The bound, with P processes sharing a store: a window never admits more than `max`; it may refuse before `max`
// only by what other processes took and have not spent yet, fewer than (P − 1) × (chunk − 1) — nothing for
// limits up to 100 a minute (chunks of one: exact), under 1 % of `max` per other process above that.

export const WINDOW_MS = 60_000;
/** Limits up to this many a minute are taken one at a time (exact); larger ones in this many chunks. */
const EXACT_UP_TO = 100;

export function chunkOf(max: number): number {
  return max <= EXACT_UP_TO ? 1 : Math.ceil(max / EXACT_UP_TO);
}

export function minuteOf(now: number): number {
  return Math.floor(now / WINDOW_MS) * WINDOW_MS;
}

/** Seconds until the window of `now` ends (a refusal's Retry-After). */
export function secondsLeft(now: number): number {
  return Math.max(1, Math.ceil((minuteOf(now) + WINDOW_MS - now) / 1000));
}

export interface AllowanceStore {
  /** Take `want` more for `key` in the window beginning at `minute`; answers the window's count including them. */
  take(key: string, minute: number, want: number): Promise<number>;
}

/** One process owns the counts: they live in its memory. */
export class MemoryAllowance implements AllowanceStore {
  private readonly counts = new Map<string, { minute: number; used: number }>();

  take(key: string, minute: number, want: number): Promise<number> {
    let c = this.counts.get(key);
    if (!c || c.minute !== minute) {
      if (this.counts.size >= 50_000) for (const [k, v] of this.counts) if (v.minute < minute) this.counts.delete(k);
      this.counts.set(key, (c = { minute, used: 0 }));
    }
    c.used += want;
    return Promise.resolve(c.used);
  }
}

interface Bucket {
  minute: number;
  /** Taken from the store and not spent yet. */
  left: number;
  /** The store said the window has no more: once `left` is spent, refuse without asking again. */
  full: boolean;
  taking: Promise<void> | null;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private readonly store: AllowanceStore = new MemoryAllowance()) {}

  /** Count one request for `key`; false when its window has had `max` already. */
  async hit(key: string, max: number, now: number): Promise<boolean> {
    const minute = minuteOf(now);
    for (;;) {
      const b = this.bucket(key, minute);
      if (b.left > 0) {
        b.left--;
        return true;
      }
      if (b.full) return false;
      // Requests of one key arriving together share one trip to the store.
      b.taking ??= this.take(key, b, max);
      await b.taking;
    }
  }

  /** Known, without asking the store, to have no allowance left in this window. */
  limited(key: string, now: number): boolean {
    const b = this.buckets.get(key);
    return !!b && b.minute === minuteOf(now) && b.full && b.left === 0;
  }

  private bucket(key: string, minute: number): Bucket {
    let b = this.buckets.get(key);
    // A request stamped before the minute turned but counted after: it counts in the current window (setting the
    // bucket back would throw away what was taken for the current one and take it again).
    if (!b || b.minute < minute) {
      if (this.buckets.size >= 50_000) for (const [k, v] of this.buckets) if (v.minute < minute && !v.taking) this.buckets.delete(k);
      this.buckets.set(key, (b = { minute, left: 0, full: false, taking: null }));
    }
    return b;
  }

  private async take(key: string, b: Bucket, max: number): Promise<void> {
    const want = chunkOf(max);
    try {
      const used = await this.store.take(key, b.minute, want);
      b.left += Math.max(0, Math.min(want, max - (used - want)));
      if (used >= max) b.full = true;
    } finally {
      b.taking = null;
    }
  }
}

const HOUR_MS = 3_600_000;

/**
 * The counts in PostgreSQL, shared by every worker and host on the database (all with the same field key): a row
 * per limit and minute in `rate_count`, dated to its hour only, keyed by a keyed hash (rateLimitTag).
 */
export class SharedAllowance implements AllowanceStore {
  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
  ) {}

  take(key: string, minute: number, want: number): Promise<number> {
    const hour = Math.floor(minute / HOUR_MS) * HOUR_MS;
    return takeRateCount(this.db, rateLimitTag(this.cipher, key, minute), new Date(hour), new Date(hour + HOUR_MS), want);
  }
}
