/** A turn of the event loop: whatever is waiting (requests, I/O) runs before the caller goes on. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * `items.map(f)` that lets the event loop run every `every` items. Storing a version of 100,000 rows hashes and
 * seals each row (seconds of CPU): in one synchronous pass, every other request of the process waited for all of it
 * (a 4.2 s stall measured while a list of everyone was stored; docs/benchmarks-history.md, "Session 10").
 */
export async function mapYielding<T, U>(items: readonly T[], f: (item: T, index: number) => U, every = 2000): Promise<U[]> {
  const out: U[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % every === 0) await turn();
    out[i] = f(items[i]!, i);
  }
  return out;
}
