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
