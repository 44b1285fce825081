// Which workers of one host (`serve --workers N`) are in the shared port's rotation. The cluster's primary hands
// each connection to the next worker that listens; a worker that listened while its person index was still being
// built (or waiting for its turn to build: src/cli/buildTurns.ts) answered every other search with 503 long after
// another worker was ready — at 100,000 people on 2 cores, the second worker's index came ~2.3 s after the first's.
// So one worker of the host listens at once (a port that answers 503 + Retry-After rather than refusing
// connections), and the others listen once their index is ready (built, or the build failed: then they answer as a
// lone worker would). If every worker in the rotation exits, the primary tells a waiting one to listen now.

/** The primary's bookkeeping: who answers, who waits until its index is ready. */
export class Rotation<W> {
  /** Listening, or told to listen at once. */
  private readonly answering = new Set<W>();
  /** Told to listen once their index is ready, in the order they asked. */
  private readonly waiting: W[] = [];

  /** `tell(w, true)`: listen now; `tell(w, false)`: once your index is ready. False when w is gone meanwhile. */
  constructor(private readonly tell: (w: W, now: boolean) => boolean) {}

  /** A worker starting: the first of the host answers at once, the others wait for their index. */
  ask(w: W): void {
    if (this.answering.size === 0) {
      if (this.tell(w, true)) this.answering.add(w);
    } else if (this.tell(w, false)) this.waiting.push(w);
  }

  /** A worker listens (a waiting one whose index became ready). */
  listening(w: W): void {
    const i = this.waiting.indexOf(w);
    if (i >= 0) this.waiting.splice(i, 1);
    this.answering.add(w);
  }

  /** A worker exited: if none is left in the rotation, the longest waiting one listens now. */
  gone(w: W): void {
    this.answering.delete(w);
    const i = this.waiting.indexOf(w);
    if (i >= 0) this.waiting.splice(i, 1);
    while (this.answering.size === 0 && this.waiting.length) {
      const next = this.waiting.shift()!;
      if (this.tell(next, true)) this.answering.add(next);
    }
  }
}
