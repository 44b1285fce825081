// Small values read from the database (a facility's name, an organisation's setting, an API token) and kept until
// the next write that may change them, so that a page does not ask for them each time. PeopleDirectory owns one: on
// PostgreSQL whether a value may be used rests on its change-feed catch-up (`synced`), and it bumps `version` when
// the feed says a table of kept values changed (migration 0030) or the index was rebuilt.
import type { Database } from "../../db/client.js";
import { allFacilityNames, facilityNamesOf } from "../../db/repositories/people.js";

/** Facilities whose names are kept all together until the next write (PGlite); a larger table is read per page. */
const FACILITIES_KEPT = 5000;

export class KeptValues {
  private kept = new Map<string, unknown>();
  /** PostgreSQL: bumped when the feed says a kept value changed (or the index was rebuilt): what was kept is dropped. */
  version = 0;
  private loading = new Map<string, { snapshot: number; value: Promise<unknown> }>();
  private keptGeneration: number | null = null;

  constructor(
    private readonly database: Database,
    /** PostgreSQL: whether a catch-up that began after `since` has ended (waiting for one); false until built. */
    private readonly synced: (since?: number) => Promise<boolean>,
    /** Whether the index is built. */
    private readonly ready: () => boolean,
  ) {}

  /**
   * A small value read from the database (a facility's name, an organisation's setting, an API token), kept until
   * the next write that may change it, so that a page does not ask for it each time. On PGlite the write watch sees
   * every write of the one process that owns the data folder. On PostgreSQL other processes write too: the value is
   * kept until the change feed says one of its tables changed (migration 0030), and used only after a catch-up that
   * began after `since` (when the request arrived; the catch-up is shared with the index's) — until the index is
   * built, read every time.
   */
  async untilWrite<T>(key: string, load: () => Promise<T>, since?: number): Promise<T> {
    if (!this.database.writes && !(await this.synced(since))) return load();
    const snapshot = this.keptAt();
    if (snapshot === null) return load();
    if (this.kept.has(key)) return this.kept.get(key) as T;
    // The requests that arrive together after a write share one read (nothing was written since it began).
    const running = this.loading.get(key);
    if (running && running.snapshot === snapshot) return running.value as Promise<T>;
    const value = load();
    const entry = { snapshot, value };
    this.loading.set(key, entry);
    const done = () => void (this.loading.get(key) === entry && this.loading.delete(key));
    value.then((v) => (done(), this.keep(snapshot, [[key, v]])), done);
    return value;
  }

  /**
   * Names of these facilities. On PGlite every facility's name is read once after each write (a registry has a few
   * hundred facilities; up to FACILITIES_KEPT) and shared by the pages that follow; otherwise one query for these.
   */
  async facilityNames(ids: Iterable<string>, since?: number): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    const out = new Map<string, string>();
    if (!wanted.length) return out;
    const all = this.database.writes || this.ready() ? await this.untilWrite("facility names", () => allFacilityNames(this.database.db, FACILITIES_KEPT), since) : null;
    const missing: string[] = [];
    for (const id of wanted) {
      const name = all?.get(id);
      if (name !== undefined) out.set(id, name);
      else missing.push(id);
    }
    if (missing.length) for (const [id, name] of await facilityNamesOf(this.database.db, missing)) out.set(id, name);
    return out;
  }

  /** Drop a kept value (its holder found it out of date). */
  forget(key: string): void {
    this.kept.delete(key);
  }

  /** The writes ended so far (PGlite) or the kept values' version (PostgreSQL), the kept values emptied if it moved. */
  private keptAt(): number | null {
    const snapshot = this.database.writes ? this.database.writes.snapshot() : this.version;
    if (snapshot !== this.keptGeneration) {
      this.kept.clear();
      this.loading.clear();
      this.keptGeneration = snapshot;
    }
    return snapshot;
  }

  /** Keep values read since `snapshot` only if nothing was written meanwhile. */
  private keep(snapshot: number | null, values: [string, unknown][]): void {
    if ((this.database.writes && !this.database.writes.unchanged(snapshot)) || this.keptAt() !== snapshot) return;
    for (const [k, v] of values) if (this.kept.size < 20_000) this.kept.set(k, v);
  }
}
