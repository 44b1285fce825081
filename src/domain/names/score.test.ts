import { describe, expect, it } from "vitest";
import { editDistance, editSimilarity, editSimilarityAtLeast, spellingSimilarity, spellingSimilarityAbove } from "./score.js";

/** The plain definition: optimal string alignment, close letters (score.ts CLOSE) at half an edit. */
const CLOSE = new Set(["ei", "ao", "ou", "gk", "gx", "kx", "sz", "cs", "cz", "cq", "qw", "jz", "jw", "vf", "bp", "dt", "vw", "ui", "eo", "ea", "mn", "ln"].flatMap((p) => [p, p[1]! + p[0]!]));
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const sub = a[i - 1] === b[j - 1] ? 0 : CLOSE.has(a[i - 1]! + b[j - 1]!) ? 0.5 : 1;
      d[i]![j] = Math.min(d[i - 1]![j - 1]! + sub, d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

// Skeleton-like words: a small alphabet so that near misses, transpositions and close letters are common.
let seed = 7;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const word = (): string => Array.from({ length: 1 + Math.floor(rnd() * 11) }, () => "aeiokgxszcqwjvfbpdtmnlru"[Math.floor(rnd() * 24)]).join("");
const pairs = Array.from({ length: 3000 }, () => {
  const a = word();
  // Half the pairs are a typo or two apart, as the pairs a query meets that matter.
  if (rnd() < 0.5) return [a, word()] as const;
  const b = [...a];
  const k = Math.floor(rnd() * b.length);
  if (rnd() < 0.5) b.splice(k, 1);
  else if (k + 1 < b.length) [b[k], b[k + 1]] = [b[k + 1]!, b[k]!];
  return [a, b.join("")] as const;
});

// Pairs with a common beginning and end, as patronymics and surnames of one family (-ович, -енко): the
// distance sets them aside, which must not change it (a transposition or close letter at the seam).
const framed = pairs.map(([a, b], i) => {
  const pre = ["", "a", "ko", "ov", "ai"][i % 5]!;
  const post = ["", "oviq", "a", "enko", "ia"][(i >> 2) % 5]!;
  return [pre + a + post, pre + b + post] as const;
});

describe("edit distance in half edits, with a cutoff", () => {
  it("equals the plain definition", () => {
    for (const [a, b] of [...pairs, ...framed]) expect(editDistance(a, b), `${a} / ${b}`).toBe(reference(a, b));
  });

  it("with a cutoff is Infinity exactly when the distance exceeds it, also for a cutoff with rounding noise", () => {
    for (const [a, b] of [...pairs, ...framed])
      for (const cutoff of [0, 1, 2.5, 0.5 / (1 / 9), 0.55 * 10 - 1e-12]) {
        // 0.5 / (1/9) is 4.4999999…: a distance of 4.5 is within it, not beyond.
        const d = reference(a, b);
        expect(editDistance(a, b, cutoff), `${a} / ${b} at ${cutoff}`).toBe(d <= cutoff + 1e-6 ? d : Infinity);
      }
  });

  it("editSimilarityAtLeast is editSimilarity at or above its floor and 0 below it", () => {
    for (const [a, b] of [...pairs, ...framed])
      for (const floor of [0.5, 0.75, 0.78]) {
        const s = editSimilarity(a, b);
        expect(editSimilarityAtLeast(a, b, floor), `${a} / ${b} at ${floor}`).toBe(s >= floor ? s : 0);
      }
  });

  it("with a cutoff: exact up to it, above it when the distance is", () => {
    for (const [a, b] of [...pairs, ...framed])
      for (const cutoff of [0, 0.5, 1, 2, 3.5]) {
        const d = reference(a, b);
        const got = editDistance(a, b, cutoff);
        if (d <= cutoff) expect(got, `${a} / ${b} ≤ ${cutoff}`).toBe(d);
        else expect(got, `${a} / ${b} > ${cutoff}`).toBeGreaterThan(cutoff);
      }
  });

  it("spellingSimilarityAbove is exact above its floor and at most the floor below it", () => {
    for (const [a, b] of pairs)
      for (const floor of [0, 0.3, 0.5, 0.8]) {
        const s = spellingSimilarity(a, b);
        const got = spellingSimilarityAbove(a, b, floor);
        if (s > floor) expect(got, `${a} / ${b} > ${floor}`).toBeCloseTo(s, 12);
        else expect(got, `${a} / ${b} ≤ ${floor}`).toBeLessThanOrEqual(floor);
      }
  });
});
