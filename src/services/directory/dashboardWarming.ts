// The dashboard's sums (dashboardTally.ts) as the person index of a process keeps them: read after each full build at
// the first lull, changed for the people the change feed names, started again after a rebuild.
import type { Logger } from "pino";
import type { Db } from "../../db/client.js";
import { DashboardTallies, type StatsTally } from "../dashboardTally.js";

/**
 * The sums are read after a build once a second has passed without a read of the index (and not sooner than this
 * after the build). The read is in slices with turns of the event loop between (dashboardTally.ts), so a request
 * waits a few ms behind it at most; the lull keeps its ~3 s of CPU at 100,000 people out of a burst of requests —
 * the ones refused during the build coming back after Retry-After. Under load without a lull they are read by the
 * first dashboard that asks.
 */
const WARM_AFTER_MS = 2000;
const WARM_WHEN_IDLE_MS = 1000;

export interface DashboardLull {
  afterMs: number;
  idleMs: number;
}

export class DashboardWarming {
  private readonly tallies: DashboardTallies;
  /** The server's: read the sums after each full build rather than at the next dashboard. */
  private on = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** When a request last read the index or a kept value (performance.now()). */
  private lastRead = -Infinity;
  private lull: DashboardLull = { afterMs: WARM_AFTER_MS, idleMs: WARM_WHEN_IDLE_MS };

  constructor(
    db: Db,
    private readonly log: Logger,
  ) {
    this.tallies = new DashboardTallies(db);
  }

  /** From now on the sums are read at the first lull after each build (the server's start). */
  warmAfterBuilds(lull?: DashboardLull): void {
    this.on = true;
    if (lull) this.lull = lull;
  }

  /** A request read the index: not a lull. */
  noteRead(): void {
    this.lastRead = performance.now();
  }

  /** The index was built again: the sums are read again, at the next lull when `ready` (a rebuild while serving). */
  rebuilt(ready: boolean): void {
    this.tallies.reset();
    if (this.on && ready) this.soon();
  }

  /** People the feed names are about to be re-read: their part of the sums is recounted. */
  touched(ids: Set<string>): void {
    this.tallies.touched(ids);
  }

  tally(organisationId: string): Promise<StatsTally> {
    return this.tallies.tally(organisationId);
  }

  /** Read the sums now (they are otherwise read at the first request that needs them). */
  warm(): Promise<void> {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    return this.tallies.tally("").then(
      () => {
        const cpu = process.cpuUsage(cpu0);
        this.log.info({ ms: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000) }, "dashboard: its sums read");
      },
      (e: unknown) => this.log.warn({ err: e }, "dashboard: its sums could not be read"),
    );
  }

  /** The sums read at the first lull from the lull's `afterMs` on (once: a later call moves nothing). */
  soon(after = this.lull.afterMs): void {
    if (this.timer || this.closed || !this.on) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.closed) return;
      const quietFor = performance.now() - this.lastRead;
      if (quietFor < this.lull.idleMs) this.soon(this.lull.idleMs - quietFor);
      else void this.warm();
    }, after);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
