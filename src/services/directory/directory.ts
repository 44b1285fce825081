// The person indexes of one process, one per organisation (personIndex.ts), kept current from the change feed
// (migration 0012: a row per statement that touched people or their spellings, with its transaction id).
//
// Built once, in the background, when the server starts (`start`); until then `indexOf` waits a moment and then
// answers "unavailable" (503 with Retry-After) rather than hanging. After that each read first applies the
// changes it has not seen — only those people are re-read and replaced, never the whole index:
// - PGlite (one process owns the data folder): only when the write watch says something was written;
// - PostgreSQL (other workers and hosts write too): a catch-up that began after the request arrived (one small
//   query, shared by every request that arrived before it began), and LISTEN person_change makes the worker catch
//   up in the background as soon as another one commits. The same catch-up tells when a kept value (an API token,
//   facility names, a label style: `untilWrite`) changed anywhere (migration 0030: feed rows with no person ids).
// The full build: fullBuild.ts; applying the feed: feedFollower.ts; kept values: keptValues.ts; the sealed
// snapshot loaded instead of a full build: snapshot.ts; the dashboard's sums kept from the same feed: dashboardWarming.ts.
import type { Logger } from "pino";
import type { Database } from "../../db/client.js";
import * as repo from "../../db/repositories/personDirectory.js";
import { unavailable } from "../errors.js";
import { FeedFollower } from "./feedFollower.js";
import { readAndIndex } from "./fullBuild.js";
import { KeptValues } from "./keptValues.js";
import { PersonIndex } from "./personIndex.js";
import type { StatsTally } from "../dashboardTally.js";
import { DashboardWarming, type DashboardLull } from "./dashboardWarming.js";
import { capture, codeFingerprint, entriesDigest, readHeader, readSnapshot, sweepUnusedKeys, takeLock, writeSnapshot, type SnapshotPlace } from "./snapshot.js";

/** Change-feed rows older than this are pruned; an index that has not caught up for most of it rebuilds. */
const READ_SLICE = 10_000;
/** A snapshot is written again this often while the index changes (and at a clean stop). */
const SAVE_EVERY_MS = 30 * 60_000;
/** How often the server looks whether its snapshot is still usable (an erasure deletes its key): rewritten if not. */
const LOOK_EVERY_MS = 5 * 60_000;

export interface DirectoryStats {
  state: "idle" | "building" | "ready" | "failed";
  people: number;
  buildMs: number | null;
  changesApplied: number;
}

export class PeopleDirectory extends FeedFollower {
  private state: DirectoryStats["state"] = "idle";
  private building: Promise<void> | null = null;
  private buildMs: number | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private closed = false;
  /** Small values read from the database and kept until the next write (keptValues.ts). */
  private readonly keptValues: KeptValues;

  protected ready(): boolean {
    return this.state === "ready";
  }

  protected stopped(): boolean {
    return this.closed;
  }

  protected keptChanged(): void {
    this.keptValues.version++;
  }
  /** How long a read waits for the first build: forever (CLI, tests) until the server starts it with a bound. */
  private waitMs = Infinity;
  /** The server's full builds open names in a thread of their own (`start`); CLI commands and tests on this one. */
  private openInThread = false;
  private matcherThread = false;
  /** The first build begins once this settles (`start`'s `after`: a cluster worker waits for its turn). */
  private gate: Promise<void> = Promise.resolve();
  /**
   * The snapshot's file is read, opened and restored once this settles (`start`'s `loadAfter`: the server passes its
   * listening): ~1 s of this thread's CPU at 100,000 people, which held the server's start before it listened.
   */
  private loadGate: Promise<void> = Promise.resolve();
  /** The sealed snapshot of the indexes (snapshot.ts): loaded instead of the first full build when valid. */
  private snapshot: SnapshotPlace | null = null;
  private triedSnapshot = false;
  private savedMark = -1;
  private saving: Promise<void> | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  private savedAt = 0;
  /** How the first build went (for the start-up's log and tests). */
  loadedFrom: "snapshot" | "database" | null = null;
  /** The dashboard's sums, kept and changed from the same feed (read after a build at a lull, or on first use). */
  readonly dashboard: DashboardWarming;

  constructor(
    database: Database,
    log: Logger,
    /** People per read of the full build (tests read in tiny slices to cross many slice borders). */
    private readonly readSlice = READ_SLICE,
  ) {
    super(database, log);
    this.keptValues = new KeptValues(database, (since) => this.syncedSince(since), () => this.state === "ready");
    this.dashboard = new DashboardWarming(database.db, log);
  }

  /** Read the dashboard's sums now (they are otherwise read at a lull after the build, or by the first dashboard). */
  warmDashboard(): Promise<void> {
    return this.dashboard.warm();
  }

  /**
   * The dashboard's sums for an organisation, with every change before `since` (as `indexOf`). While the index is
   * first built they are counted for this request from the database (slow at 100,000 people, as before they were kept).
   */
  async dashboardTally(organisationId: string, since?: number): Promise<StatsTally | null> {
    // The server's build (a bounded wait): counted for this request. CLI commands and tests build and wait.
    if (this.state !== "ready" && this.waitMs !== Infinity) return null;
    await this.indexOf(organisationId, this.waitMs, since);
    return this.dashboard.tally(organisationId);
  }

  /** People the feed names are about to be re-read: their part of the dashboard's sums is recounted. */
  protected touched(ids: Set<string>): void {
    this.dashboard.touched(ids);
  }

  get stats(): DirectoryStats {
    let people = 0;
    for (const o of this.orgs.values()) people += o.size;
    return { state: this.state, people, buildMs: this.buildMs, changesApplied: this.changesApplied };
  }

  /**
   * Begin building in the background (the server calls this at start-up), or once `after` settles (until then reads
   * that need the index answer "unavailable" as during the build); on PostgreSQL, listen for changes.
   */
  start(
    opts: { waitMs?: number; openInThread?: boolean; matcherThread?: boolean; after?: Promise<void>; loadAfter?: Promise<unknown>; dashboardLull?: DashboardLull } = {},
  ): void {
    this.waitMs = opts.waitMs ?? 1000;
    if (opts.loadAfter) this.loadGate = opts.loadAfter.then(() => undefined, () => undefined);
    this.openInThread = opts.openInThread ?? true;
    this.matcherThread = opts.matcherThread ?? true;
    if (opts.after) this.gate = opts.after.catch(() => undefined);
    // The dashboard is the first screen after signing in: its sums are read at the first lull after the index is built
    // (dashboardWarming.ts), not by the first person to sign in (~3 s of CPU at 100,000 people), and again after a rebuild.
    this.dashboard.warmAfterBuilds(opts.dashboardLull);
    void this.ensureBuilt()
      .then(() => this.dashboard.soon())
      .catch(() => undefined);
    if (this.database.listen && !this.unlisten)
      void this.database
        .listen("person_change", () => void this.requestSync().catch((e: unknown) => this.log.warn({ err: e }, "person index: catching up failed")))
        .then(async (stop) => {
          if (this.closed) await stop();
          else this.unlisten = stop;
        })
        .catch((e: unknown) => this.log.warn({ err: e }, "person index: LISTEN failed; reads still catch up"));
  }

  /**
   * Load the indexes from a sealed snapshot at the first build when it is valid, and write one after each full build,
   * every SAVE_EVERY_MS while changes arrive and at `close` (the server does this; CLI commands and tests do not).
   */
  useSnapshots(place: SnapshotPlace): void {
    if (!codeFingerprint()) {
      this.log.warn("person index: no snapshot (the code's sources cannot be read to fingerprint them)");
      return;
    }
    this.snapshot = place;
    place.keys.watchSnapshotFile(place.path);
    try {
      const swept = sweepUnusedKeys(place);
      if (swept) this.log.info({ keys: swept }, "person index: deleted snapshot keys no snapshot of this host uses");
    } catch (e) {
      this.log.warn({ err: e }, "person index: unused snapshot keys not swept");
    }
    this.saveTimer = setInterval(() => void this.saveIfDue(), LOOK_EVERY_MS);
    this.saveTimer.unref();
  }

  /** Settles when the snapshot begun after the last full build is written (or failed; never rejects). */
  snapshotSaved(): Promise<void> {
    return this.saving ?? Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.saveTimer) clearInterval(this.saveTimer);
    this.dashboard.close();
    if (this.snapshot && this.state === "ready" && !this.closed) await this.saveSnapshot();
    this.closed = true;
    await this.unlisten?.().catch(() => undefined);
    await this.building?.catch(() => undefined);
    await this.tail;
  }

  /**
   * The current index of an organisation. Waits up to `waitMs` for the first build (the server passes a
   * short wait; CLI commands and tests wait for it), then throws `unavailable`.
   */
  async indexOf(organisationId: string, waitMs = this.waitMs, since?: number): Promise<PersonIndex> {
    this.dashboard.noteRead();
    if (this.state !== "ready") {
      const built = this.ensureBuilt();
      if (waitMs === Infinity) await built;
      else if (waitMs <= 0) throw unavailable("the person index is being built (start-up); try again in a few seconds", 2);
      else {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<"late">((r) => (timer = setTimeout(() => r("late"), waitMs)));
        const first = await Promise.race([built.then(() => "built" as const), late]).finally(() => clearTimeout(timer));
        if (first === "late") throw unavailable("the person index is being built (start-up); try again in a few seconds", 2);
      }
    }
    await this.fresh(since);
    let idx = this.orgs.get(organisationId);
    if (!idx) this.orgs.set(organisationId, (idx = new PersonIndex()));
    return idx;
  }

  /** A small value kept until the next write that may change it (keptValues.ts). */
  untilWrite<T>(key: string, load: () => Promise<T>, since?: number): Promise<T> {
    this.dashboard.noteRead();
    return this.keptValues.untilWrite(key, load, since);
  }

  /** Names of these facilities (keptValues.ts). */
  facilityNames(ids: Iterable<string>, since?: number): Promise<Map<string, string>> {
    return this.keptValues.facilityNames(ids, since);
  }

  /** Drop a kept value (its holder found it out of date). */
  forget(key: string): void {
    this.keptValues.forget(key);
  }

  /** Settles when the first full build has ended (rejects if it failed). */
  built(): Promise<void> {
    return this.ensureBuilt();
  }

  private ensureBuilt(): Promise<void> {
    if (this.state === "ready") return Promise.resolve();
    if (!this.building || this.state === "failed") {
      this.state = "building";
      this.building = this.gate.then(() => this.build()).then(
        () => {
          this.state = "ready";
          // Written at once, so that the next worker of this host (in turn) and the next start load it.
          if (this.snapshot) void this.saveSnapshot();
        },
        (e: unknown) => {
          this.state = "failed";
          this.log.error({ err: e }, "person index: build failed");
          throw e;
        },
      );
    }
    return this.building;
  }

  /**
   * Read every person and spelling in slices of the id order, indexing one slice while the next is read (on
   * PGlite's thread, or the PostgreSQL server), and yielding between slices so that requests are not stalled.
   * Changes made meanwhile are caught up from `xmin`, taken before the first slice.
   */
  protected async build(): Promise<void> {
    const t0 = performance.now();
    if (this.snapshot && !this.triedSnapshot) {
      this.triedSnapshot = true;
      const loaded = await this.loadSnapshot(t0).catch((e: unknown) => {
        this.log.warn({ err: e }, "person index: the snapshot could not be loaded; building from the database");
        return false;
      });
      if (loaded) return;
      this.orgs = new Map();
      this.applied.clear();
    }
    const db = this.database.db;
    const generation = this.database.writes?.snapshot() ?? null;
    const xmin = await repo.currentXmin(db);
    const { orgs, count } = await readAndIndex(db, this.readSlice, { opening: this.openInThread, matcher: this.openInThread && this.matcherThread }, this.log);
    this.orgs = orgs;
    this.dashboard.rebuilt(this.state === "ready");
    this.xmin = xmin;
    this.applied.clear();
    this.keptValues.version++;
    // A write after this point bumps the generation, so the next read catches up (from xmin, which covers it).
    this.seenGeneration = generation;
    this.lastSyncAt = Date.now();
    this.lastPruneAt = Date.now();
    this.buildMs = Math.round(performance.now() - t0);
    this.mark++;
    this.loadedFrom ??= "database";
    this.log.info({ from: "database", people: count, ms: this.buildMs }, "person index built");
    // A rebuild while serving (a truncation, long idle): a snapshot of it, once this catch-up is over.
    if (this.snapshot && this.state === "ready") setImmediate(() => void this.saveSnapshot());
  }

  /**
   * The indexes of the snapshot, caught up from the change feed — or false (then a full build): none, another code,
   * its key erased, tampered, the feed pruned past its position, a truncation since, or its people not the database's.
   */
  private async loadSnapshot(t0: number): Promise<boolean> {
    const db = this.database.db;
    const generation = this.database.writes?.snapshot() ?? null;
    // Asked of the database (its thread, or the server) while this thread reads and opens the file.
    const asked = Promise.all([repo.feedPruned(db), repo.peopleDigest(db)]);
    asked.catch(() => undefined);
    await this.loadGate;
    const read = await readSnapshot(this.snapshot!);
    const refuse = (reason: string) => {
      this.log.info({ reason }, "person index: snapshot not used; building from the database");
      return false;
    };
    if ("refused" in read) {
      await asked.catch(() => undefined);
      return read.refused === "none" ? false : refuse(read.refused);
    }
    const restored = performance.now();
    const [{ pruned }, early] = await asked;
    // Every change below the larger of the two is in the snapshot (its catch-up saw it, or it was below the cluster's xmin).
    const through = [read.header.xmin, read.header.through].map(BigInt).reduce((a, b) => (a > b ? a : b));
    if (pruned !== null && BigInt(pruned) >= through) return refuse("the change feed was pruned past it");
    this.orgs = read.orgs;
    this.xmin = read.header.xmin;
    this.applied.clear();
    const before = this.changesApplied;
    if (!(await this.applyBatch(db, await repo.changesSince(db, this.xmin)))) return refuse("the registry was truncated (restored) since");
    const caughtUp = performance.now();
    // The database's people as asked before the catch-up; asked again if they differ (someone wrote meanwhile).
    const mine = entriesDigest(this.orgs);
    const same = (theirs: Map<string, string>) => theirs.size === mine.size && [...theirs].every(([org, d]) => mine.get(org) === d);
    if (!same(early) && !same(await repo.peopleDigest(db))) return refuse("its people differ from the database's");
    this.keptValues.version++;
    this.seenGeneration = generation;
    this.lastSyncAt = Date.now();
    this.lastPruneAt = Date.now();
    this.buildMs = Math.round(performance.now() - t0);
    this.loadedFrom = "snapshot";
    // Loaded as it was written: no snapshot to write until something changes.
    this.savedMark = this.mark;
    let people = 0;
    for (const o of this.orgs.values()) people += o.size;
    this.log.info({ steps: { ...read.ms, catchUp: Math.round(caughtUp - restored), check: Math.round(performance.now() - caughtUp) } }, "person index: snapshot loaded");
    this.log.info({ from: "snapshot", takenAt: read.header.takenAt, changes: this.changesApplied - before, people, ms: this.buildMs }, "person index built");
    return true;
  }

  /**
   * While the index changes: a snapshot every SAVE_EVERY_MS, and at once when the last one became unusable — an
   * erasure deleted its key (and, in this process, its file) — so that the next start need not build in full.
   */
  saveIfDue(): Promise<void> {
    const place = this.snapshot;
    if (!place || this.state !== "ready" || this.mark === this.savedMark) return Promise.resolve();
    if (Date.now() - this.savedAt >= SAVE_EVERY_MS) return this.saveSnapshot();
    const header = readHeader(place.path)?.header;
    let usable = false;
    try {
      usable = !!header && !!place.keys.indexKey(header.keyId);
    } catch {
      // a key that does not unwrap: as good as gone
    }
    return usable ? Promise.resolve() : this.saveSnapshot();
  }

  /**
   * Write a snapshot of the indexes as they are now (one writer per host at a time; nothing if unchanged). The key is
   * made first, then the index catches up, then its state is copied synchronously: an erasure either deleted the key
   * (the file cannot be opened) or committed before the catch-up read the feed (the person is no longer in it).
   */
  saveSnapshot(): Promise<void> {
    const place = this.snapshot;
    if (!place || this.state !== "ready" || this.closed || this.mark === this.savedMark) return this.saving ?? Promise.resolve();
    if (this.saving) return this.saving;
    const lock = takeLock(`${place.path}.lock`);
    if (!lock) return Promise.resolve();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const job = (async () => {
      const { now } = await repo.feedPruned(this.database.db);
      // Asked before the catch-up below begins: every transaction of this database under it has ended by then.
      const through = await repo.localHorizon(this.database.db);
      const mark = this.mark;
      const written = await writeSnapshot(place, async () => {
        await this.requestSync();
        if (this.state !== "ready" || this.closed) return null;
        return capture(this.xmin, through, now, this.orgs);
      });
      if (!written) return;
      this.savedMark = mark;
      this.savedAt = Date.now();
      const cpu = process.cpuUsage(cpu0);
      this.log.info({ bytes: written.bytes, ms: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000) }, "person index: snapshot written");
    })()
      .catch((e: unknown) => this.log.warn({ err: e }, "person index: snapshot not written"))
      .finally(() => {
        lock();
        this.saving = null;
      });
    this.saving = job;
    return job;
  }
}
