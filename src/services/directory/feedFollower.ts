// What the person indexes of a process (directory.ts) hold, and how a batch of the change feed (migration 0012) is
// applied to them: only the people it names are re-read and replaced, never the whole index; a change seen twice
// (its transaction not yet below the feed position) is skipped.
import type { Database, Db } from "../../db/client.js";
import * as repo from "../../db/repositories/personDirectory.js";
import { entryOf, groupNames } from "./fullBuild.js";
import { PersonIndex } from "./personIndex.js";

const RELOAD_CHUNK = 5000;

export abstract class FeedFollower {
  protected orgs = new Map<string, PersonIndex>();
  protected changesApplied = 0;
  /** Changes of transactions from this id on may not have been applied yet. */
  protected xmin = "0";
  /** Changes already applied whose transaction is not below `xmin` (they are returned again; skipped). */
  protected applied = new Map<string, bigint>();
  /** Bumped by each build and each applied change; a snapshot is written only if it moved since the last one. */
  protected mark = 0;

  protected constructor(protected readonly database: Database) {}

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
}
