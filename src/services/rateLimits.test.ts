import { describe, expect, it } from "vitest";
import { chunkOf, MemoryAllowance, RateLimiter, secondsLeft, type AllowanceStore } from "./rateLimits.js";

// Several processes' limiters against one store, as workers and hosts share rate_count on PostgreSQL.
class CountingStore implements AllowanceStore {
  readonly inner = new MemoryAllowance();
  trips = 0;
  take(key: string, minute: number, want: number): Promise<number> {
    this.trips++;
    // A round trip: the answer comes later, after other requests of the same moment have arrived.
    return new Promise((resolve) => setTimeout(() => resolve(this.inner.take(key, minute, want)), 1));
  }
}

const T = Date.parse("2026-05-04T10:31:00Z");

async function admitted(limiters: RateLimiter[], key: string, max: number, requests: number, now = T): Promise<number> {
  const answers = await Promise.all(Array.from({ length: requests }, (_, i) => limiters[i % limiters.length]!.hit(key, max, now + (i % 50))));
  return answers.filter(Boolean).length;
}

describe("per-minute limits shared by processes", () => {
  it("admits exactly the limit across three processes for limits up to 100 a minute (sign-in: 10)", async () => {
    const store = new CountingStore();
    const three = [new RateLimiter(store), new RateLimiter(store), new RateLimiter(store)];
    expect(await admitted(three, "POST /api/v1/auth/sign-in 198.51.100.7", 10, 30)).toBe(10);
    // Each process learnt that the window is used up: further requests are refused without a trip.
    const trips = store.trips;
    expect(await admitted(three, "POST /api/v1/auth/sign-in 198.51.100.7", 10, 30)).toBe(0);
    expect(store.trips).toBe(trips);
    expect(three.every((l) => l.limited("POST /api/v1/auth/sign-in 198.51.100.7", T + 59_999))).toBe(true);
    // The next minute is a new window; another address was never limited.
    expect(await admitted(three, "POST /api/v1/auth/sign-in 198.51.100.7", 10, 30, T + 60_000)).toBe(10);
    expect(await admitted(three, "POST /api/v1/auth/sign-in 198.51.100.8", 10, 5)).toBe(5);
  });

  it("takes a large limit in chunks: never more than the limit, fewer by less than (P − 1) × chunk, about 100 trips a minute", async () => {
    const store = new CountingStore();
    const two = [new RateLimiter(store), new RateLimiter(store)];
    expect(chunkOf(100_000)).toBe(1000);
    // An API token of 20,000 a minute (chunks of 200) used flat out at both processes.
    const n = await admitted(two, "token 7d1c", 20_000, 24_000);
    expect(n).toBeLessThanOrEqual(20_000);
    expect(n).toBeGreaterThan(20_000 - (two.length - 1) * chunkOf(20_000));
    expect(store.trips).toBeLessThanOrEqual(20_000 / 200 + 2 * two.length);
    // Below the limit nothing is refused, and requests arriving together share one trip.
    const quiet = new CountingStore();
    const one = new RateLimiter(quiet);
    expect(await admitted([one], "token 9a02", 600, 300)).toBe(300);
    expect(quiet.trips).toBe(Math.ceil(300 / chunkOf(600)));
  });

  it("counts a request stamped in the minute before, answered after the next began, in the current window (no chunk lost)", async () => {
    const store = new CountingStore();
    const one = new RateLimiter(store);
    const key = "token 5e31";
    // 1,000 a minute: chunks of 10. The first request of the new minute takes a chunk; one stamped just before the
    // minute turned comes after it, then the new minute's requests go on.
    expect(await one.hit(key, 1000, T + 60_000)).toBe(true);
    expect(await one.hit(key, 1000, T + 59_999)).toBe(true);
    for (let i = 0; i < 5; i++) expect(await one.hit(key, 1000, T + 60_001 + i)).toBe(true);
    // One trip: the late request spent the chunk already taken rather than setting the window back (which threw
    // the new minute's unspent allowance away and took it again).
    expect(store.trips).toBe(1);
  });

  it("says how long until the window ends", () => {
    expect(secondsLeft(T)).toBe(60);
    expect(secondsLeft(T + 59_500)).toBe(1);
    expect(secondsLeft(T + 15_200)).toBe(45);
  });
});
