import type { Db } from "../db/client.js";
import { appendAudit, asRecorded, type AuditEntry } from "./audit.js";
import type { Actor, ServiceContext } from "./context.js";

// Reads of values derived from sealed ones (a priority total that counts health points, a search filtered by
// it) are audited, but not in a transaction of their own: on the embedded database every write empties the
// read cache, so a read that wrote would empty it for every reader. Entries wait here and are written together,
// in one transaction, every 30 s (the read cache's own lifetime), when 200 are waiting, and when the runtime
// closes. The price: a process killed outright loses at most the last 30 s of these read entries (never a
// write's entry: writes audit in their own transaction).

const FLUSH_AFTER_MS = 30_000;
const FLUSH_AT = 200;

interface Pending {
  actor: Actor;
  entry: AuditEntry;
  at: Date;
}

class AuditBuffer {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<number> | null = null;

  constructor(private readonly db: Db) {}

  add(p: Pending): void {
    this.queue.push(p);
    if (this.queue.length >= FLUSH_AT) void this.flush().catch(() => undefined);
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  async flush(): Promise<number> {
    if (this.flushing) await this.flushing.catch(() => undefined);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    if (!batch.length) return 0;
    this.queue = [];
    this.flushing = this.db.transaction(async (t) => {
      await appendAudit(t as unknown as Db, batch);
      return batch.length;
    });
    try {
      return await this.flushing;
    } catch (e) {
      // Kept for the next flush rather than lost (the database may be back by then).
      this.queue = [...batch, ...this.queue];
      throw e;
    } finally {
      this.flushing = null;
    }
  }

  get waiting(): number {
    return this.queue.length;
  }
}

const buffers = new WeakMap<object, AuditBuffer>();

function bufferOf(db: Db): AuditBuffer {
  let b = buffers.get(db);
  if (!b) buffers.set(db, (b = new AuditBuffer(db)));
  return b;
}

/** Audit a read later, with the entries of other reads, in one transaction. The entry's time is now. */
export function bufferAudit(ctx: ServiceContext, entry: AuditEntry): void {
  bufferOf(ctx.db).add(asRecorded(ctx.actor, entry, ctx.now()));
}

/** Write every waiting read entry now (at stop, before the audit head checkpoint; tests). */
export async function flushAuditBuffer(db: Db): Promise<number> {
  return buffers.get(db)?.flush() ?? 0;
}

/** How many read entries are waiting (tests). */
export function auditBufferWaiting(db: Db): number {
  return buffers.get(db)?.waiting ?? 0;
}
