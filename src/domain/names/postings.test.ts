import { describe, expect, it } from "vitest";
import { Postings } from "./postings.js";

const list = (p: Postings, h: number): number[] => {
  const out: number[] = [];
  p.forEach(h, (x) => out.push(x));
  return out.sort((a, b) => a - b);
};

describe("Postings", () => {
  it("keeps positions per key, once per consecutive add", () => {
    const p = new Postings();
    p.add(7, 1);
    p.add(7, 1);
    p.add(7, 2);
    p.add(9, 2);
    expect(list(p, 7)).toEqual([1, 2]);
    expect(p.size(7)).toBe(2);
    expect(list(p, 9)).toEqual([2]);
    expect(p.size(8)).toBe(0);
    expect(list(p, 8)).toEqual([]);
  });

  it("grows past its initial capacity without losing anything", () => {
    const p = new Postings();
    const keys = 200_000;
    for (let i = 0; i < keys; i++) {
      p.add((i * 7919) & 0x3fffffff, i);
      p.add((i * 7919) & 0x3fffffff, i + 1);
    }
    for (const i of [0, 1, 65_535, 65_536, 131_072, keys - 1]) {
      expect(list(p, (i * 7919) & 0x3fffffff)).toEqual([i, i + 1]);
    }
  });

  it("keeps long lists whole, in blocks, beside keys growing at the same time", () => {
    const p = new Postings();
    // Three keys growing in turn (their blocks interleave), one of them past the largest block size many times.
    for (let i = 0; i < 1_000; i++) {
      p.add(1, i);
      if (i % 3 === 0) p.add(2, i);
      if (i % 2 === 0) p.add(1, i); // the same position again, in a row: kept once
      if (i < 5) p.add(3, 10 * i);
    }
    expect(list(p, 1)).toEqual([...Array(1_000).keys()]);
    expect(p.size(1)).toBe(1_000);
    expect(list(p, 2)).toEqual([...Array(334).keys()].map((k) => 3 * k));
    expect(list(p, 3)).toEqual([0, 10, 20, 30, 40]);
    const upTo = (limit: number) => {
      const out: number[] = [];
      p.forEachUpTo(2, limit, (x) => out.push(x));
      return out.length;
    };
    expect([upTo(333), upTo(334)]).toEqual([0, 334]);
  });
});

describe("Postings without some positions (a saved index, removed people left out)", () => {
  it("holds the same lists less those positions, drops keys left empty, and grows on as before", () => {
    const p = new Postings();
    const want = new Map<number, number[]>();
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 48271) % 0x7fffffff), seed % n);
    // Positions in order, each under a few keys: some keys of one position only, some of hundreds (many blocks).
    for (let pos = 0; pos < 3000; pos++)
      for (const h of new Set([rnd(40), 1000 + rnd(2000), 5000 + pos])) {
        p.add(h, pos);
        want.set(h, [...(want.get(h) ?? []), pos]);
      }
    const gone = new Set([0, 1, 2, 3, 4, 17, 250, 1999, 2999]);
    for (let i = 0; i < 200; i++) gone.add(rnd(3000));
    const q = p.without(gone);
    for (const [h, added] of want) {
      const left = added.filter((x) => !gone.has(x));
      expect(list(q, h), `key ${h}`).toEqual(left);
      expect(q.size(h)).toBe(left.length);
      // The original is untouched.
      expect(list(p, h)).toEqual(added);
    }
    expect(q.allKeys().sort((a, b) => a - b)).toEqual([...want].filter(([, l]) => l.some((x) => !gone.has(x))).map(([h]) => h).sort((a, b) => a - b));
    // Saved and restored, then added to (past the table's first size: the dropped keys' slots are let go).
    const r = Postings.fromState(q.state());
    for (let pos = 3000; pos < 70_000; pos++) r.add(100_000 + pos, pos);
    r.add(5000 + 17, 70_000);
    r.add(3, 70_001);
    expect(list(r, 5000 + 17)).toEqual([70_000]);
    expect(list(r, 3)).toEqual([...want.get(3)!.filter((x) => !gone.has(x)), 70_001]);
    expect(list(r, 100_000 + 69_999)).toEqual([69_999]);
    // Nothing of a taken-out position is left anywhere in the saved arrays (numbers past any block's index or header).
    const big = new Postings();
    for (let k = 0; k < 300; k++) for (const h of [11, 12 + (k % 3)]) big.add(h, 1_000_000 + k);
    const out = new Set([1_000_000, 1_000_007, 1_000_150, 1_000_299]);
    const saved = big.without(out).state();
    for (const a of [saved.blocks, saved.firsts]) for (const x of a) expect(out.has(x), `position ${x}`).toBe(false);
    expect(list(Postings.fromState(saved), 11)).toEqual(Array.from({ length: 300 }, (_, k) => 1_000_000 + k).filter((x) => !out.has(x)));
  });
  it("adopts a handed-over state's arrays (a thread's build) and answers as a copy does, through later adds", () => {
    const build = () => {
      const p = new Postings();
      let seed = 11;
      const rnd = (n: number) => ((seed = (seed * 48271) % 0x7fffffff), seed % n);
      for (let pos = 0; pos < 20_000; pos++) for (const h of new Set([rnd(50), 1000 + rnd(3000), 10_000 + pos])) p.add(h, pos);
      return p;
    };
    // The state as a thread hands it over: the arrays' buffers moved (transferred), not copied.
    const moved = (p: Postings) => structuredClone(p.state(), { transfer: [...new Set(Object.values(p.state()).filter(ArrayBuffer.isView).map((a) => a.buffer as ArrayBuffer))] });
    const copied = Postings.fromState(build().state());
    const adopted = Postings.fromState(moved(build()), true);
    const keys = copied.allKeys().sort((a, b) => a - b);
    expect(adopted.allKeys().sort((a, b) => a - b)).toEqual(keys);
    const grow = (p: Postings) => {
      for (let pos = 20_000; pos < 90_000; pos++) p.add(pos % 7 === 0 ? pos % 50 : 200_000 + pos, pos);
    };
    grow(copied);
    grow(adopted);
    for (const h of [...keys, 3, 49, 200_000 + 89_999]) expect(list(adopted, h), `key ${h}`).toEqual(list(copied, h));
  });
});
