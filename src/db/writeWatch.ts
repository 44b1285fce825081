import type { PGlite } from "@electric-sql/pglite";

/**
 * Knows when the embedded database may have changed, so that in-memory read caches can be dropped.
 *
 * Only for PGlite: its data folder is locked to one process (lockDataDir), so every write passes through
 * this process's client and is seen here. A PostgreSQL server can be written by other processes, so there
 * is no watch (and no read cache) there.
 *
 * A read that wants to cache its result takes `snapshot()` before it starts and stores the result only if
 * `unchanged(snapshot)` holds when it ends: no write began or finished in between, and none was running.
 */
export class WriteWatch {
  private generation = 0;
  private inFlight = 0;
  private readonly listeners = new Set<() => void>();

  snapshot(): number | null {
    return this.inFlight > 0 ? null : this.generation;
  }

  unchanged(snapshot: number | null): boolean {
    return snapshot !== null && this.inFlight === 0 && this.generation === snapshot;
  }

  /** Called with every write that begins or ends (listeners drop their caches). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async around<T>(fn: () => Promise<T>): Promise<T> {
    this.changed(+1);
    try {
      return await fn();
    } finally {
      // After the commit (or rollback): a reader that started during the write must not store what it read.
      this.changed(-1);
    }
  }

  private changed(delta: number): void {
    this.inFlight += delta;
    this.generation++;
    for (const l of this.listeners) l();
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
