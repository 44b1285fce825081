// The person index's full build in turns among the workers of one host (`serve --workers N`). A build keeps about
// two cores busy (the main thread indexing, the opening thread, the database reading the next slice); on a host of
// 2 cores, two workers building at once each took as long as both one after the other, so neither answered search
// until both were done. In turns the first answers in about half the time, and none later than before. Workers on
// other hosts do not wait for each other (each host has its own cores). The same question gives the worker its
// place in the shared port's rotation (src/cli/rotation.ts), in the same order, so the worker that builds first is
// the one that answers at once.
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { Rotation } from "./rotation.js";

const WANT = "allforall: index build wanted";
const GO = "allforall: index build may start";
const DONE = "allforall: index build done";
/** The primary's answers about the shared port (src/cli/rotation.ts), sent in the order the workers asked. */
const LISTEN_NOW = "allforall: listen now";
const LISTEN_WHEN_READY = "allforall: listen once the index is ready";
/** A worker that hears nothing from its primary builds (and listens) anyway after this long (never 503 for ever). */
const GIVE_UP_MS = 120_000;

/** Builds at a time on this host: one per two cores. */
export function buildsAtOnce(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

/** A worker's turn, asked of its primary. */
export interface BuildTurn {
  /** Settles when this worker's build may start. */
  go: Promise<void>;
  /** True: listen at once (no other worker of this host answers yet); false: once this worker's index is ready. */
  atOnce: Promise<boolean>;
  /** Settles when the primary says to listen now: at once, or later when every worker that answered is gone. */
  listenNow: Promise<void>;
}

/** In a worker: ask the primary for a build turn and a place in the port's rotation. */
export function buildTurn(): BuildTurn {
  let go!: () => void;
  let answer!: (now: boolean) => void;
  let now!: () => void;
  const turn: BuildTurn = {
    go: new Promise((r) => (go = r)),
    atOnce: new Promise((r) => (answer = r)),
    listenNow: new Promise((r) => (now = r)),
  };
  let answered = false;
  const timer = setTimeout(() => {
    // Told to wait for its index, a worker still listens once that is ready (serve.ts), never before.
    if (!answered) {
      answer(true);
      now();
    }
    go();
  }, GIVE_UP_MS);
  timer.unref();
  void turn.go.then(() => clearTimeout(timer));
  // Kept for the worker's life: "listen now" may come long after its turn.
  process.on("message", (m: unknown) => {
    if (m === GO) go();
    else if (m === LISTEN_WHEN_READY) {
      answered = true;
      answer(false);
    } else if (m === LISTEN_NOW) {
      answered = true;
      answer(true);
      now();
    }
  });
  process.send?.(WANT);
  return turn;
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

/**
 * In the primary: hand out turns to the workers that ask, and their places in the port's rotation. `ended`: called
 * when a worker's build ends (built or failed) and when a worker exits.
 */
export function scheduleBuilds(atOnce = buildsAtOnce(), ended: () => void = () => {}): void {
  const turns = new TurnQueue<Worker>(atOnce, (w) => !w.isDead() && w.send(GO));
  const rotation = new Rotation<Worker>((w, now) => !w.isDead() && w.send(now ? LISTEN_NOW : LISTEN_WHEN_READY));
  cluster.on("message", (w, m: unknown) => {
    if (m === WANT) {
      rotation.ask(w);
      turns.want(w);
    } else if (m === DONE) {
      turns.release(w);
      ended();
    }
  });
  cluster.on("listening", (w) => rotation.listening(w));
  cluster.on("exit", (w) => {
    turns.release(w);
    rotation.gone(w);
    ended();
  });
}
