// How long the HTTP thread was busy when it should have run a timer: every request that arrives meanwhile waits at
// least that long. A tick every 10 ms notes how late it ran; the lateness goes into cumulative buckets (a
// Prometheus histogram), so that a load run can read the delays of its own window as the difference of two
// scrapes (bench/load.ts) — percentiles since start-up would hide what happened during one run.

const TICK_MS = 10;
/** Upper bounds in seconds. */
export const DELAY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export class EventLoopDelay {
  readonly buckets = DELAY_BUCKETS.map(() => 0);
  count = 0;
  sum = 0;
  max = 0;
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    if (this.timer) return;
    let expected = performance.now() + TICK_MS;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.observe(Math.max(0, now - expected) / 1000);
      expected = now + TICK_MS;
    }, TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    if (seconds > this.max) this.max = seconds;
    for (let i = 0; i < DELAY_BUCKETS.length; i++) if (seconds <= DELAY_BUCKETS[i]!) this.buckets[i]!++;
  }

  render(): string[] {
    const name = "allforall_event_loop_delay_seconds";
    return [
      `# HELP ${name} How late a 10 ms timer on the HTTP thread ran (the thread was busy meanwhile).`,
      `# TYPE ${name} histogram`,
      ...DELAY_BUCKETS.map((b, i) => `${name}_bucket{le="${b}"} ${this.buckets[i]}`),
      `${name}_bucket{le="+Inf"} ${this.count}`,
      `${name}_sum ${this.sum.toFixed(6)}`,
      `${name}_count ${this.count}`,
      "# HELP allforall_event_loop_delay_max_seconds The longest delay since start-up.",
      "# TYPE allforall_event_loop_delay_max_seconds gauge",
      `allforall_event_loop_delay_max_seconds ${this.max.toFixed(6)}`,
    ];
  }
}
