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
});
