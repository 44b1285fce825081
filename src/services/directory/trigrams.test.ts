import { describe, expect, it } from "vitest";
import { rng } from "../../demo/generate.js";
import { forEachTrigram, TrigramPostings, type TrigramState } from "./trigrams.js";

// The lists the postings promise, computed the slow way: each trigram's slots, ascending, each slot once.
function expected(texts: (readonly string[] | undefined)[]): Map<number, number[]> {
  const lists = new Map<number, number[]>();
  texts.forEach((ts, slot) => {
    for (const text of ts ?? [])
      forEachTrigram(text, (t) => {
        const list = lists.get(t) ?? [];
        if (list[list.length - 1] !== slot) list.push(slot);
        lists.set(t, list);
      });
  });
  return lists;
}

function listsOf(st: TrigramState): Map<number, number[]> {
  const lists = new Map<number, number[]>();
  for (let t = 0; t + 1 < st.offsets.length; t++) if (st.offsets[t + 1]! > st.offsets[t]!) lists.set(t, Array.from(st.data.subarray(st.offsets[t]!, st.offsets[t + 1]!)));
  return lists;
}

describe("trigram postings", () => {
  const r = rng(42);
  const words = ["петров", "иванова", "ёлкин", "мар'янов", "іваненко", "petrov", "ivanova", "ґалаган", "ли", "цой", "сидоренко", "x"];
  const name = () => Array.from({ length: 1 + Math.floor(r() * 3) }, () => words[Math.floor(r() * words.length)]!).join(" ");
  const hay = () => Array.from({ length: 1 + Math.floor(r() * 3) }, name);

  it("holds each trigram's slots in order, once each, whether filed at once, one by one, saved or restored", () => {
    let p = new TrigramPostings<number>();
    const texts: (string[] | undefined)[] = [];
    const add = (n: number) => {
      for (let i = 0; i < n; i++) {
        const h = hay();
        expect(p.add(texts.length, h)).toBe(texts.length);
        texts.push(h);
      }
    };
    // A build: many added before any read.
    add(2000);
    expect(listsOf(p.state())).toEqual(expected(texts));
    // Edits: a few at a time, each filed by the read that follows (lists copied out of the base and grown).
    for (let k = 0; k < 30; k++) {
      add(1 + (k % 3));
      // A removed slot leaves the saved lists (its trigrams would be an erased person's name, near enough).
      const gone = Math.floor(r() * texts.length);
      p.remove(gone);
      texts[gone] = undefined;
      p.candidates([["петров"]]);
    }
    expect(listsOf(p.state())).toEqual(expected(texts));
    // A saved index, restored, edited further.
    const st = p.state();
    p = TrigramPostings.restore({ slots: st.slots, offsets: st.offsets.slice(), data: st.data.slice() }, texts.map((t, i) => (t ? i : undefined)));
    add(5);
    p.candidates([["иван"]]);
    add(400);
    expect(listsOf(p.state())).toEqual(expected(texts));
    // Started afresh (the rebuild after many removals), then added to again.
    p.clear();
    texts.length = 0;
    add(50);
    expect(p.slots).toBe(50);
    expect(listsOf(p.state())).toEqual(expected(texts));
  });

  it("finds the slots holding every trigram of a word, read before or after the pending ones are filed", () => {
    const p = new TrigramPostings<string>();
    p.add("a", ["петров иван"]);
    p.add("b", ["петровская мария", "petrovskaya mariya"]);
    p.add("c", ["иванов пётр"]);
    expect(Array.from(p.candidates([["петров"]])!)).toEqual([0, 1]);
    p.add("d", ["петрович"]);
    // The rarer word's slots, not narrowed by the other once this few are left (a superset, checked by the caller).
    expect(Array.from(p.candidates([["петров"], ["иван"]])!)).toEqual([0, 2]);
    expect(Array.from(p.candidates([["петров", "petrov"]])!)).toEqual([0, 1, 3]);
    p.remove(1);
    expect(p.stale).toBe(1);
    expect(p.at(1)).toBeUndefined();
    expect(p.candidates([["ли"]])).toBeNull();
    expect(Array.from(p.candidates([["щщщ"]])!)).toEqual([]);
  });

  it("answers through edits filed after the arrays as a build of the same slots does", () => {
    const edited = new TrigramPostings<number>();
    const texts: string[][] = [];
    for (let i = 0; i < 3000; i++) edited.add(i, texts[i] = hay());
    edited.settle();
    const queries = [["петров"], ["иван", "ivan"], ["ова"], ["петров", "petrov"], ["енко"]].map((v) => [v]).concat([[["петров"], ["иванова"]]]);
    for (let k = 0; k < 200; k++) {
      edited.add(texts.length, texts[texts.length] = hay());
      if (k % 3 === 0) {
        const built = new TrigramPostings<number>();
        texts.forEach((h, i) => built.add(i, h));
        for (const q of queries) expect(Array.from(edited.candidates(q)!), q.join()).toEqual(Array.from(built.candidates(q)!));
      }
    }
  });
});

describe("trigram postings saved after removals", () => {
  // A removed slot (an erased, merged or re-spelt person) is skipped when read, but its number stayed in the lists the
  // snapshot saves: the set of trigrams of an erased person's spellings — their name, near enough — written again
  // under a key the erasure never deletes.
  it("hold no slot of a removed item, and answer as before", () => {
    const p = new TrigramPostings<string>();
    const names = ["горинова дарья алексеевна", "gorinova darya alekseevna", "петров иван", "петровская мария", "иванов пётр"];
    p.add("горинова", names.slice(0, 2));
    for (const [i, n] of names.slice(2).entries()) p.add(`other${i}`, [n]);
    p.settle();
    // An edit after the build (a tail), then the removals: one laid out, one in a tail.
    const late = p.add("петрова", ["петрова дарья"]);
    p.candidates([["петр"]]);
    const queries = [[["горинова"]], [["дарья"]], [["петр"]], [["иван"], ["петр"]]];
    const live = (q: string[][]) => Array.from(p.candidates(q)!).filter((s) => p.at(s) !== undefined);
    p.remove(0);
    p.remove(late);
    const before = queries.map(live);
    const st = p.state();
    expect(listsOf(st).size).toBeGreaterThan(0);
    for (const [t, list] of listsOf(st)) {
      expect(list, `trigram ${t}`).not.toContain(0);
      expect(list, `trigram ${t}`).not.toContain(late);
    }
    expect(queries.map(live)).toEqual(before);
    const restored = TrigramPostings.restore(st, Array.from({ length: st.slots }, (_, s) => p.at(s)));
    expect(queries.map((q) => Array.from(restored.candidates(q)!))).toEqual(before);
  });
});
