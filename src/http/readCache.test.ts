import { describe, expect, it } from "vitest";
import { WriteWatch } from "../db/writeWatch.js";
import { cachedOrLead, ReadCache, replySize, SharedReads, type CachedReply, type SharedReply } from "./readCache.js";

describe("WriteWatch", () => {
  it("a snapshot stays valid until a write ends; one that is still running changes nothing yet", async () => {
    const w = new WriteWatch();
    let dropped = 0;
    w.onChange(() => dropped++);
    const before = w.snapshot();
    expect(w.unchanged(before)).toBe(true);
    await w.around(async () => {
      // Not acknowledged yet: a read alongside may still answer as before the write, and keep what it read…
      expect(w.snapshot()).toBe(before);
      expect(w.unchanged(before)).toBe(true);
      expect(dropped).toBe(0);
    });
    // …until it ends: before the writer goes on, every cache is emptied and older snapshots are no longer valid.
    expect(dropped).toBe(1);
    expect(w.unchanged(before)).toBe(false);
    expect(w.unchanged(w.snapshot())).toBe(true);
  });

  it("when saturated, holds reads back behind a write open longer than the threshold, until it ends or at most the cap", async () => {
    const w = new WriteWatch();
    for (let i = 0; i < 10; i++) w.requestBegan();
    const slowWrite = (afterMs: number, maxMs: number) => w.slowWrite({ afterMs, maxMs, busyAt: 10 });
    expect(slowWrite(20, 1_000)).toBeUndefined();
    let end!: () => void;
    const write = w.around(() => new Promise<void>((r) => (end = r)));
    // Just begun: no one waits (below saturation writes are short).
    expect(slowWrite(20, 1_000)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 40));
    // Fewer requests in progress than saturation: a slow write holds nobody back.
    w.requestEnded();
    expect(slowWrite(20, 5_000)).toBeUndefined();
    w.requestBegan();
    const held = slowWrite(20, 5_000);
    expect(held).toBeDefined();
    let released = false;
    void held!.then(() => (released = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(released).toBe(false);
    end();
    await write;
    await held;
    expect(released).toBe(true);
    // A read issued from inside a write that never ends is delayed by the cap, not stuck.
    const stuck = w.around(() => new Promise<void>(() => undefined));
    void stuck;
    await new Promise((r) => setTimeout(r, 30));
    const t0 = performance.now();
    await slowWrite(10, 60);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(50);
  });

  it("a failed write still counts as a change", async () => {
    const w = new WriteWatch();
    const before = w.snapshot();
    await expect(w.around(() => Promise.reject(new Error("rollback")))).rejects.toThrow("rollback");
    expect(w.unchanged(before)).toBe(false);
    expect(w.unchanged(w.snapshot())).toBe(true);
  });
});

describe("ReadCache", () => {
  const make = (maxBytes = 1_000) => {
    const w = new WriteWatch();
    return { w, c: new ReadCache<string>(w, maxBytes, (s) => s.length) };
  };

  it("looks a key up once for the requests that miss it together, and never shares a look-up across a write", async () => {
    const { w, c } = make();
    let lookups = 0;
    const gates: (() => void)[] = [];
    const load = () => {
      const n = ++lookups;
      return new Promise<{ value: string; until: number }>((resolve) => gates.push(() => resolve({ value: `v${n}`, until: 100 })));
    };
    const first = c.through("k", 0, load);
    const second = c.through("k", 0, load);
    expect(lookups).toBe(1);
    gates.shift()!();
    expect(await Promise.all([first, second])).toEqual(["v1", "v1"]);
    expect(await c.through("k", 0, load)).toBe("v1"); // kept
    expect(lookups).toBe(1);
    // A look-up that began before a write: a request arriving after the write must not take its answer.
    await w.around(async () => {});
    const before = c.through("k", 0, load);
    await w.around(async () => {});
    const after = c.through("k", 0, load);
    expect(lookups).toBe(3);
    gates.shift()!();
    gates.shift()!();
    expect(await before).toBe("v2");
    expect(await after).toBe("v3");
    // v2 was read across a write: not kept; v3 was.
    expect(c.get("k", 0)).toBe("v3");
    // During a write that has not ended, look-ups are shared and kept as before it (it is not acknowledged yet)…
    await w.around(async () => {
      const a = c.through("x", 0, load);
      const b = c.through("x", 0, load);
      expect(lookups).toBe(4);
      gates.shift()!();
      expect(await Promise.all([a, b])).toEqual(["v4", "v4"]);
      expect(c.get("x", 0)).toBe("v4");
    });
    // …and dropped when it ends, before the writer goes on.
    expect(c.get("x", 0)).toBeUndefined();
  });

  it("drops everything on any write", async () => {
    const { w, c } = make();
    c.set("a", "x", 100);
    expect(c.get("a", 0)).toBe("x");
    await w.around(async () => {});
    expect(c.get("a", 0)).toBeUndefined();
  });

  it("expires entries", () => {
    const { c } = make();
    c.set("a", "x", 100);
    expect(c.get("a", 99)).toBe("x");
    expect(c.get("a", 100)).toBeUndefined();
  });

  it("keeps within its byte budget, evicting the least recently used", () => {
    const { c } = make(100);
    c.set("a", "1".repeat(10), 1e9);
    c.set("b", "2".repeat(10), 1e9);
    c.get("a", 0); // a is now more recent than b
    for (let i = 0; i < 10; i++) c.set(`k${i}`, "3".repeat(10), 1e9);
    expect(c.get("b", 0)).toBeUndefined();
    expect(c.size).toBeLessThanOrEqual(100 / 11);
    // An entry larger than an eighth of the budget is never kept.
    c.set("big", "4".repeat(50), 1e9);
    expect(c.get("big", 0)).toBeUndefined();
  });
});

describe("SharedReads", () => {
  it("lets identical reads wait for the first, and only it", async () => {
    const shared = new SharedReads<string>();
    const lead = shared.lead("k")!;
    expect(shared.lead("k")).toBeNull();
    const waiting = shared.wait("k");
    shared.settle(lead, "answer");
    expect(await waiting).toBe("answer");
    // Settled: the next request computes again.
    expect(await shared.wait("k")).toBeNull();
    expect(shared.lead("k")).not.toBeNull();
  });

  it("an answer that could not be stored is shared as nothing; a late settle does not end another's lead", async () => {
    const shared = new SharedReads<string>();
    const first = shared.lead("k")!;
    const waiting = shared.wait("k");
    shared.settle(first, null);
    expect(await waiting).toBeNull();
    const second = shared.lead("k")!;
    shared.settle(first, "stale");
    expect(shared.lead("k")).toBeNull();
    shared.settle(second, "fresh");
  });
});

describe("cachedOrLead", () => {
  const answer = (body: string): CachedReply => ({ headers: {}, body });

  it("shares the lead's answer only with requests that arrived before the next write", async () => {
    const watch = new WriteWatch();
    const replies = { stored: new ReadCache<CachedReply>(watch, 1e6, replySize), computing: new SharedReads<SharedReply>() };
    const first = await cachedOrLead(replies, watch, "k", 0);
    if (!("lead" in first) || !first.lead) throw new Error("the first request must lead");
    const before = cachedOrLead(replies, watch, "k", 0); // arrives while the lead computes
    await watch.around(async () => {}); // a write
    const after = cachedOrLead(replies, watch, "k", 0); // arrives after it
    replies.computing.settle(first.lead, { reply: answer("old"), snapshot: first.snapshot });
    expect(await before).toEqual({ hit: answer("old") });
    const late = await after;
    // Not the answer computed before the write: it computes (leads) itself.
    expect("lead" in late && late.lead).toBeTruthy();
  });

  it("a stored answer is a hit at once", async () => {
    const watch = new WriteWatch();
    const replies = { stored: new ReadCache<CachedReply>(watch, 1e6, replySize), computing: new SharedReads<SharedReply>() };
    replies.stored.set("k", answer("x"), 100);
    expect(await cachedOrLead(replies, watch, "k", 0)).toEqual({ hit: answer("x") });
  });
});
