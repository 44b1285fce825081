/**
 * `items.map(f)` that lets the event loop run every `every` items. Storing a version of 100,000 rows hashes and
 * seals each row (seconds of CPU): in one synchronous pass, every other request of the process waited for all of it
 * (a 4.2 s stall measured while a list of everyone was stored; docs/benchmarks-history.md, "Session 10").
 */
export async function mapYielding<T, U>(items: readonly T[], f: (item: T, index: number) => U, every = 2000): Promise<U[]> {
  const out: U[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % every === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    out[i] = f(items[i]!, i);
  }
  return out;
}
