// What the person indexes of a process (directory.ts) hold, and how they follow the change feed (migration 0012):
// one catch-up at a time, shared by the reads that arrive before it begins; a batch of the feed re-reads and
// replaces only the people it names, never the whole index; a change seen twice (its transaction not yet below the
// feed position) is skipped; a truncation, or an hour without catching up, rebuilds.
import type { Logger } from "pino";
import type { Database, Db } from "../../db/client.js";
import * as repo from "../../db/repositories/personDirectory.js";
import { entryOf, groupNames } from "./fullBuild.js";
import { PersonIndex } from "./personIndex.js";

const RELOAD_CHUNK = 5000;
/** Change-feed rows older than this are pruned; an index that has not caught up for most of it rebuilds. */
const FEED_RETENTION_MS = 60 * 60_000;
const REBUILD_IF_IDLE_MS = 50 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export abstract class FeedFollower {
  protected orgs = new Map<string, PersonIndex>();
  protected changesApplied = 0;
  /** Changes of transactions from this id on may not have been applied yet. */
  protected xmin = "0";
  /** Changes already applied whose transaction is not below `xmin` (they are returned again; skipped). */
  protected applied = new Map<string, bigint>();
  /** Bumped by each build and each applied change; a snapshot is written only if it moved since the last one. */
  protected mark = 0;

  protected lastSyncAt = 0;
  protected lastPruneAt = 0;
  protected seenGeneration: number | null = null;
  protected queued: Promise<void> | null = null;
  /** The catch-up running now, with the count of ended writes when it began (PGlite). */
  protected running: { generation: number; done: Promise<void> } | null = null;
  protected tail: Promise<void> = Promise.resolve();
  /** PostgreSQL: the start (performance.now()) of the latest catch-up that ended well — it saw every earlier commit. */
  protected syncedFrom = -Infinity;

  protected constructor(
    protected readonly database: Database,
    protected readonly log: Logger,
  ) {}

  /** Built: catch-ups run (and values may be kept). */
  protected abstract ready(): boolean;

  /** Closed: no catch-up runs any more. */
  protected abstract stopped(): boolean;

  /** A full build (a truncation in the feed, or too long idle). */
  protected abstract build(): Promise<void>;

  /** PostgreSQL: the feed says a table of values kept between requests changed (migration 0030). */
  protected abstract keptChanged(): void;

  /** These people are about to be re-read (the dashboard's sums, directory.ts). */
  protected abstract touched(ids: Set<string>): void;

  /** Apply a batch of the change feed; false if it holds a truncation (a restore: everything may have changed). */
  protected async applyBatch(db: Db, batch: repo.ChangeBatch): Promise<boolean> {
    // A truncation (restore) names nobody: everything may have changed.
    if (batch.changes.some((c) => !this.applied.has(c.seq) && c.person_ids !== null && c.person_ids.length === 0)) return false;
    const ids = new Set<string>();
    let keptChanged = false;
    for (const c of batch.changes) {
      if (this.applied.has(c.seq)) continue;
      this.applied.set(c.seq, BigInt(c.xid));
      // No person ids: a table of kept values changed (migration 0030). PGlite's write watch has dropped them already.
      if (c.person_ids === null) keptChanged = true;
      else for (const id of c.person_ids) if (id !== repo.PRUNED_MARKER_ID) ids.add(id);
    }
    if (keptChanged && !this.database.writes) this.keptChanged();
    const xmin = BigInt(batch.xmin);
    for (const [seq, xid] of this.applied) if (xid < xmin) this.applied.delete(seq);
    this.xmin = batch.xmin;
    if (ids.size) {
      this.touched(ids);
      await this.reload(db, [...ids]);
      this.mark++;
    }
    this.changesApplied += ids.size;
    return true;
  }

  /** Re-read these people and replace (or remove) their entries. */
  private async reload(db: Db, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += RELOAD_CHUNK) {
      const chunk = ids.slice(i, i + RELOAD_CHUNK);
      const [people, names] = await Promise.all([repo.directoryPeople(db, chunk), repo.directoryNames(db, chunk)]);
      const spellings = groupNames(names);
      const found = new Set<string>();
      for (const p of people) {
        found.add(p.id);
        let idx = this.orgs.get(p.organisation_id);
        if (!idx) this.orgs.set(p.organisation_id, (idx = new PersonIndex()));
        idx.put(entryOf(p, spellings.get(p.id) ?? []));
      }
      for (const id of chunk) if (!found.has(id)) for (const idx of this.orgs.values()) idx.remove(id);
    }
  }

  /**
   * PostgreSQL: whether a catch-up that began after `since` (now, if not given), and after this process's own last
   * write, has ended — waiting for one (shared) if not. False while the index is not built (nothing is kept then).
   */
  protected async syncedSince(since = performance.now()): Promise<boolean> {
    if (!this.ready()) return false;
    const after = Math.max(since, this.database.localWrites?.endedAt ?? -Infinity);
    if (this.syncedFrom >= after) return true;
    await this.requestSync();
    return this.syncedFrom >= after;
  }

  /** Apply what changed since the last read (nothing to ask on PGlite when nothing was written). */
  protected async fresh(since?: number): Promise<void> {
    const watch = this.database.writes;
    if (watch) {
      const slow = watch.slowWrite();
      if (slow) await slow;
      const g = watch.snapshot();
      if (g !== null && g === this.seenGeneration) return;
      // A catch-up that began after the last write ended sees every write this read must (PGlite: the watch sees
      // them all). Without this, reads arriving during the catch-up after a write queued a second one behind it.
      if (this.running && this.running.generation === g) return this.running.done;
      await this.requestSync();
      return;
    }
    await this.syncedSince(since);
  }

  /** One catch-up at a time; callers arriving while one waits to start share it (it starts after they came). */
  protected requestSync(): Promise<void> {
    if (this.queued) return this.queued;
    const q = this.tail.then(() => {
      this.queued = null;
      const generation = this.database.writes?.snapshot();
      if (generation === undefined) return this.syncOnce();
      // Known as running before it starts: its first statement may already reach a caller's code.
      let settle!: (done: Promise<void>) => void;
      const running = { generation, done: new Promise<void>((resolve) => (settle = resolve)) };
      this.running = running;
      const done = this.syncOnce();
      settle(done);
      const over = () => void (this.running === running && (this.running = null));
      done.then(over, over);
      return done;
    });
    this.queued = q;
    this.tail = q.catch(() => undefined);
    return q;
  }

  private async syncOnce(): Promise<void> {
    if (!this.ready() || this.stopped()) return;
    // Every commit before this moment is seen by the statement below (or by a rebuild).
    const started = performance.now();
    await this.catchUp();
    this.syncedFrom = Math.max(this.syncedFrom, started);
  }

  private async catchUp(): Promise<void> {
    const db = this.database.db;
    const generation = this.database.writes?.snapshot() ?? null;
    if (Date.now() - this.lastSyncAt > REBUILD_IF_IDLE_MS) {
      await this.build();
      this.seenGeneration = null;
      return;
    }
    if (!(await this.applyBatch(db, await repo.changesSince(db, this.xmin)))) {
      await this.build();
      return;
    }
    this.lastSyncAt = Date.now();
    this.seenGeneration = generation;
    if (Date.now() - this.lastPruneAt > PRUNE_EVERY_MS) {
      this.lastPruneAt = Date.now();
      await repo.pruneChanges(db, FEED_RETENTION_MS).catch((e: unknown) => this.log.warn({ err: e }, "person index: pruning the change feed failed"));
      // Pruning is a write: it must not count as an unseen change.
      if (this.database.writes && generation !== null) this.seenGeneration = null;
    }
  }
}
