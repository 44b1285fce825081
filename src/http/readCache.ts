import type { WriteWatch } from "../db/writeWatch.js";

/**
 * In-memory answers of read-only routes, kept only between writes to the embedded database.
 *
 * Why: PGlite runs every query on the server's one thread, so 200 clients reading the same pages made the
 * server compute the same answers over and over (bench/load.ts). Any write (or transaction) empties the whole
 * cache when it ends — consent withdrawn, a person erased, a role changed: the next request reads the database
 * again. (A write that has not ended is not acknowledged: reads alongside it may still be answered as before it.)
 * Entries are keyed by who asks (anonymous, or user id + role + organisation) and what they ask, and live at
 * most `ttlMs` so that answers that mention "today" do not go stale. A reply is stored only if no write ended
 * while it was computed (WriteWatch.snapshot/unchanged). Nothing leaves the process.
 */
/** A 200 answer: only those are kept. */
export interface CachedReply {
  headers: Record<string, string>;
  body: string | Buffer;
}

export class ReadCache<T> {
  private readonly entries = new Map<string, { value: T; size: number; until: number }>();
  /** Look-ups running (`through`), with the write generation each began at. */
  private readonly loading = new Map<string, { snapshot: number; value: Promise<T | null> }>();
  private bytes = 0;
  /** Stops listening to the watch (the server closes). */
  readonly close: () => void;

  constructor(
    private readonly watch: WriteWatch,
    private readonly maxBytes: number,
    private readonly sizeOf: (value: T) => number,
  ) {
    const stop = watch.onChange(() => this.clear());
    this.close = () => {
      stop();
      this.clear();
    };
  }

  get(key: string, now: number): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until <= now) {
      this.delete(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /**
   * The kept value of `key`; else what a look-up of it already running will give, if nothing was written since
   * that look-up began (it then reads what a new one would); else a new look-up, kept until `until` if nothing was
   * written meanwhile. A write empties every cache at once, and the requests arriving next all missed together:
   * 200 clients each looked their API token up again (a statement each on the database thread), twice a second.
   */
  async through(key: string, now: number, load: () => Promise<{ value: T; until: number } | null>): Promise<T | null> {
    const known = this.get(key, now);
    if (known !== undefined) return known;
    const snapshot = this.watch.snapshot();
    const running = this.loading.get(key);
    if (running && running.snapshot === snapshot) return running.value;
    const value = load().then((r) => {
      if (r && this.watch.unchanged(snapshot)) this.set(key, r.value, r.until);
      return r ? r.value : null;
    });
    if (snapshot !== null) {
      const entry = { snapshot, value };
      this.loading.set(key, entry);
      const done = () => void (this.loading.get(key) === entry && this.loading.delete(key));
      value.then(done, done);
    }
    return value;
  }

  set(key: string, value: T, until: number): void {
    const size = this.sizeOf(value) + key.length;
    if (size > this.maxBytes / 8) return;
    this.delete(key);
    this.entries.set(key, { value, size, until });
    this.bytes += size;
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  clear(): void {
    this.entries.clear();
    this.loading.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.size;
  }
}

/** An answer shared with identical requests waiting for it, with the write snapshot it was computed at. */
export interface SharedReply {
  reply: CachedReply;
  snapshot: number | null;
}

export const replySize = (r: CachedReply) => (typeof r.body === "string" ? r.body.length * 2 : r.body.length) + 200;

/** Headers a cached reply keeps; security headers are set again on every request, length is recomputed. */
export function cacheableHeaders(headers: Record<string, unknown>): Record<string, string> | null {
  // A reply that says no-store (a readiness answer, a one-time receipt) is not kept here either.
  if (headers["set-cookie"] !== undefined || String(headers["cache-control"] ?? "").includes("no-store")) return null;
  const kept: Record<string, string> = {};
  for (const name of ["content-type", "cache-control", "vary", "content-language", "content-disposition"]) {
    const v = headers[name];
    if (typeof v === "string") kept[name] = v;
  }
  return kept;
}

/**
 * Identical reads that arrive while the first is still being computed wait for it instead of all reading the
 * database: after a write empties the cache, 200 clients asking for the same page would otherwise each compute it.
 */
export class SharedReads<T> {
  private readonly pending = new Map<string, Lead<T>>();

  /** The answer of the request already computing `key`, or null (none running, or its answer was not storable). */
  async wait(key: string): Promise<T | null> {
    const lead = this.pending.get(key);
    return lead ? lead.done : null;
  }

  /** Become the request that computes `key`; null when another one already is. */
  lead(key: string): Lead<T> | null {
    if (this.pending.has(key)) return null;
    let settle!: (value: T | null) => void;
    const done = new Promise<T | null>((resolve) => (settle = resolve));
    const lead: Lead<T> = { key, done, settle };
    this.pending.set(key, lead);
    return lead;
  }

  settle(lead: Lead<T>, value: T | null): void {
    if (this.pending.get(lead.key) !== lead) return;
    this.pending.delete(lead.key);
    lead.settle(value);
  }
}

export interface Lead<T> {
  key: string;
  done: Promise<T | null>;
  settle(value: T | null): void;
}

export type Replies = { stored: ReadCache<CachedReply>; computing: SharedReads<SharedReply> };

/**
 * A stored answer, or else the answer of the request already computing it — usable only if no write began or
 * ended between that request's start and this one's arrival — or else the lead: this request computes it.
 * After a write, waiting requests elect a new lead rather than each reading the database (a few rounds at most).
 */
export async function cachedOrLead(replies: Replies, watch: WriteWatch, key: string, t: number): Promise<{ hit: CachedReply } | { lead: Lead<SharedReply> | null; snapshot: number | null }> {
  for (let round = 0; ; round++) {
    const hit = replies.stored.get(key, t);
    if (hit) return { hit };
    const snapshot = watch.snapshot();
    const lead = replies.computing.lead(key); // synchronously, before any await
    if (lead || round === 3) return { lead, snapshot };
    const shared = await replies.computing.wait(key);
    // Nothing to share (it failed, answered other than 200, or a write came between): elect a new lead.
    if (shared && snapshot !== null && shared.snapshot === snapshot) return { hit: shared.reply };
  }
}
