// The person index's full build in turns among the workers of one host (`serve --workers N`). A build keeps about
// two cores busy (the main thread indexing, the opening thread, the database reading the next slice); on a host of
// 2 cores, two workers building at once each took as long as both one after the other, so neither answered search
// until both were done. In turns the first answers in about half the time, and none later than before. Workers on
// other hosts do not wait for each other (each host has its own cores).
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";

const WANT = "allforall: index build wanted";
const GO = "allforall: index build may start";
const DONE = "allforall: index build done";
/** A worker that hears nothing from its primary builds anyway after this long (never 503 for ever). */
const GIVE_UP_MS = 120_000;

/** Builds at a time on this host: one per two cores. */
export function buildsAtOnce(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

/** In a worker: settles when the primary says this worker's build may start. */
export function buildTurn(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(go, GIVE_UP_MS);
    timer.unref();
    function go(): void {
      clearTimeout(timer);
      process.off("message", onMessage);
      resolve();
    }
    function onMessage(m: unknown): void {
      if (m === GO) go();
    }
    process.on("message", onMessage);
    process.send?.(WANT);
  });
}

/** In a worker: tell the primary this worker's build has ended (built or failed), so the next may start. */
export function buildDone(): void {
  process.send?.(DONE);
}

/** Turns handed out `atOnce` at a time, in the order asked; a worker that ends its build or exits gives its turn up. */
export class TurnQueue<W> {
  private readonly waiting: W[] = [];
  private readonly holding = new Set<W>();

  constructor(
    private readonly atOnce: number,
    private readonly give: (w: W) => boolean,
  ) {}

  want(w: W): void {
    this.waiting.push(w);
    this.pump();
  }

  /** The worker's build ended, or the worker exited. */
  release(w: W): void {
    this.holding.delete(w);
    const i = this.waiting.indexOf(w);
    if (i >= 0) this.waiting.splice(i, 1);
    this.pump();
  }

  private pump(): void {
    while (this.holding.size < this.atOnce && this.waiting.length) {
      const w = this.waiting.shift()!;
      // `give` says false for a worker gone meanwhile: the turn goes to the next.
      if (this.give(w)) this.holding.add(w);
    }
  }
}

/** In the primary: hand out turns to the workers that ask. */
export function scheduleBuilds(atOnce = buildsAtOnce()): void {
  const turns = new TurnQueue<Worker>(atOnce, (w) => !w.isDead() && w.send(GO));
  cluster.on("message", (w, m: unknown) => {
    if (m === WANT) turns.want(w);
    else if (m === DONE) turns.release(w);
  });
  cluster.on("exit", (w) => turns.release(w));
}
