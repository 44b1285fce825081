import type { PGlite } from "@electric-sql/pglite";

/**
 * Knows when the embedded database may have changed, so that in-memory read caches can be dropped.
 *
 * Only for PGlite: its data folder is locked to one process (lockDataDir), so every write passes through
 * this process's client and is seen here. A PostgreSQL server can be written by other processes, so there
 * is no watch (and no read cache) there.
 *
 * What counts is writes that have **ended** (committed, or failed): a read must show every write acknowledged
 * before it began, and a write is acknowledged only after it ends. A read running alongside a write that has not
 * ended may answer as before it — as it would have a moment earlier — so a write that is still running (an open
 * transaction, which holds PGlite's one connection for its whole length) neither empties the caches nor makes the
 * person index catch up: requests that need no statement are not queued behind it (docs/benchmarks-history.md, "Session 7, latency").
 *
 * A read that wants to cache its result takes `snapshot()` before it starts and stores the result only if
 * `unchanged(snapshot)` holds when it ends: no write ended in between. A write that ends later empties the caches
 * (listeners), so whatever was stored before its end — even something read after its commit — is dropped then.
 */
export class WriteWatch {
  /** Writes (statements and transactions) that have ended. */
  private ended = 0;
  private readonly listeners = new Set<() => void>();
  /** Writes running now, by a number of their own, with when each began (ms, performance.now()). */
  private readonly open = new Map<number, number>();
  private nextId = 0;
  /** Reads held back by `slowWrite`, released when no write is open. */
  private waiting: (() => void)[] = [];
  /** HTTP requests in progress (the server counts them): many at once means the process is saturated. */
  private requests = 0;

  requestBegan(): void {
    this.requests++;
  }

  requestEnded(): void {
    this.requests--;
  }

  snapshot(): number {
    return this.ended;
  }

  unchanged(snapshot: number | null): boolean {
    return snapshot !== null && this.ended === snapshot;
  }

  /** Called when a write ends (listeners drop their caches). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async around<T>(fn: () => Promise<T>): Promise<T> {
    const id = this.nextId++;
    this.open.set(id, performance.now());
    try {
      return await fn();
    } finally {
      this.open.delete(id);
      // After the commit (or rollback), before the caller goes on (and before any answer to the writer).
      this.ended++;
      for (const l of this.listeners) l();
      if (this.open.size === 0) for (const release of this.waiting.splice(0)) release();
    }
  }

  /**
   * Back-pressure for reads that need no statement, when the process is saturated: at least `busyAt` requests in
   * progress and a write open longer than `afterMs`. Each of that write's statements then waits behind every queued
   * request before the next can be sent, while it holds PGlite's one connection, so person pages (one statement
   * each) and the writers queue behind it. Reads then wait for the open writes to end — at most `maxMs`, so a read
   * issued from inside a write can only be delayed, never stuck. Flat out at 100,000 people (200 clients) without
   * it: p99 751–764 ms and 1.4 writes/s, with it 470 ms and 2/s; below saturation (400 requests/s) nobody waits
   * (docs/benchmarks-history.md, "Quiet machine, end of session 7"). Returns undefined when there is no reason to wait.
   */
  slowWrite({ afterMs = 50, maxMs = 250, busyAt = 64 } = {}): Promise<void> | undefined {
    if (this.open.size === 0 || this.requests < busyAt) return undefined;
    const now = performance.now();
    let oldest = now;
    for (const since of this.open.values()) oldest = Math.min(oldest, since);
    if (now - oldest < afterMs) return undefined;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

// A statement that only reads. Anything else (insert, update, delete, with … insert, copy, DDL, set) counts as a
// write; so does every transaction, whatever it does, which errs on the side of dropping caches.
// (`explain analyze` runs its statement, so explain counts as a write too.) A select must never call a function that
// writes outside a transaction: the ones that do (advisory locks, setval) run inside transactions here.
const READ_ONLY = /^\s*(select|show)\b/i;

/** Routes every statement of `client` through `watch`: the client's own query, exec and transaction methods. */
export function watchWrites(client: PGlite, watch: WriteWatch): void {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  const patched = client as unknown as Record<string, unknown>;
  patched.query = (sql: string, ...rest: unknown[]) =>
    READ_ONLY.test(sql) ? query(sql, ...(rest as [])) : watch.around(() => query(sql, ...(rest as [])));
  patched.exec = (sql: string, ...rest: unknown[]) =>
    READ_ONLY.test(sql) && !sql.includes(";") ? exec(sql, ...(rest as [])) : watch.around(() => exec(sql, ...(rest as [])));
  patched.transaction = (fn: Parameters<PGlite["transaction"]>[0]) => watch.around(() => transaction(fn));
}
