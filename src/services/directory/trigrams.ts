// Trigram postings of the person index's substring search. Each character is folded into one of 64 symbols (space,
// Latin and Cyrillic letters; anything else is symbol 0), so a trigram is an 18-bit number and its posting list sits in a plain array slot (no string keys: a registry of
// 100,000 people has ~7 million trigram occurrences, and Map lookups by string would dominate the build).
//
// Lists hold slot numbers, ascending (a slot is taken once, in increasing order), so the candidates of a typed
// word are the intersection of its trigrams' lists, computed by galloping through them — not the whole list of
// its rarest trigram checked one entry at a time, which at 100,000 people was a fifth of the server's CPU under
// load ("петр" has ~15,000 people behind each of its trigrams, and only the intersection matters).
const ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщъыьэюя";
const SYMBOLS = " abcdefghijklmnopqrstuvwxyz" + ALPHABET;
const SYMBOL = new Uint8Array(0x500);
for (const [i, c] of [...SYMBOLS].entries()) SYMBOL[c.charCodeAt(0)] = i + 1;
const symbolOf = (code: number) => (code < 0x500 ? SYMBOL[code]! : 0);

export function forEachTrigram(text: string, fn: (t: number) => void): void {
  if (text.length < 3) return;
  let a = symbolOf(text.charCodeAt(0));
  let b = symbolOf(text.charCodeAt(1));
  for (let i = 2; i < text.length; i++) {
    const c = symbolOf(text.charCodeAt(i));
    fn((a << 12) | (b << 6) | c);
    a = b;
    b = c;
  }
}

/** Elements of ascending `x` also in ascending `y`: galloping, so a short list costs little against a long one. */
export function intersectSorted(x: number[], y: number[]): number[] {
  const [a, b] = x.length <= y.length ? [x, y] : [y, x];
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i]!;
    if (b[j]! < x) {
      let step = 1;
      let lo = j;
      let hi = j + 1;
      while (hi < b.length && b[hi]! < x) {
        lo = hi;
        step *= 2;
        hi = lo + step;
      }
      if (hi > b.length) hi = b.length;
      // b[lo] < x ≤ b[hi] (or hi = end): the first position not below x.
      lo++;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (b[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
    }
    if (j < b.length && b[j] === x) out.push(x);
  }
  return out;
}

/** Ascending union of ascending lists, without repeats (merged pairwise: a word has two to four variants). */
export function unionSorted(lists: number[][]): number[] {
  let out = lists[0] ?? [];
  for (let k = 1; k < lists.length; k++) {
    const a = out;
    const b = lists[k]!;
    if (!b.length || a === b) continue;
    if (!a.length) {
      out = b;
      continue;
    }
    const merged: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      if (x < y) (merged.push(x), i++);
      else if (y < x) (merged.push(y), j++);
      else (merged.push(x), i++, j++);
    }
    while (i < a.length) merged.push(a[i++]!);
    while (j < b.length) merged.push(b[j++]!);
    out = merged;
  }
  return out;
}

/** An intersection this small is left to the verification of each candidate rather than narrowed further. */
const SMALL_ENOUGH = 32;

const TRIGRAMS = 1 << 18;

export interface TrigramState {
  slots: number;
  /** Trigram t's list is data[offsets[t]] … data[offsets[t + 1] - 1]. */
  offsets: Int32Array;
  data: Int32Array;
}

export class TrigramPostings<T> {
  private lists: (number[] | undefined)[] = new Array<number[] | undefined>(TRIGRAMS);
  private items: (T | undefined)[] = [];
  private live = 0;
  private stamps = new Uint32Array(1024);
  private stamp = 0;

  /** Slots taken, live or not (slot numbers run below this). */
  get slots(): number {
    return this.items.length;
  }

  /** Slots whose item was removed (their numbers stay in the lists, skipped when read). */
  get stale(): number {
    return this.items.length - this.live;
  }

  /** Index `item` under the trigrams of `texts`; its slot number, which `remove` takes. */
  add(item: T, texts: readonly string[]): number {
    const slot = this.items.length;
    this.items.push(item);
    this.live++;
    for (const text of texts)
      forEachTrigram(text, (t) => {
        const list = (this.lists[t] ??= []);
        if (list[list.length - 1] !== slot) list.push(slot);
      });
    return slot;
  }

  remove(slot: number): void {
    if (this.items[slot] === undefined) return;
    this.items[slot] = undefined;
    this.live--;
  }

  /** The item in a slot (undefined once removed). */
  at(slot: number): T | undefined {
    return this.items[slot];
  }

  /** Start afresh (compact slots): `add` each live item again after this. */
  clear(): void {
    this.lists = new Array<number[] | undefined>(TRIGRAMS);
    this.items = [];
    this.live = 0;
  }

  /**
   * Slots (ascending) holding, for every word, every trigram of one of its variants; null when no word has only
   * variants of three letters or more (the caller scans). Words are taken rarest first (by their variants' rarest
   * trigrams), each narrowing the slots found so far, until few are left ("dmitriy aleksandrov": 8,000 people
   * contain either word through a patronymic, 300 both). A superset: each candidate still needs checking.
   */
  candidates(words: readonly string[][]): number[] | null {
    const usable: { variants: readonly string[]; estimate: number }[] = [];
    for (const variants of words) {
      if (variants.some((v) => v.length < 3)) continue;
      let estimate = 0;
      for (const v of variants) {
        let rarest = Infinity;
        forEachTrigram(v, (t) => (rarest = Math.min(rarest, this.lists[t]?.length ?? 0)));
        estimate += rarest;
      }
      usable.push({ variants, estimate });
    }
    if (!usable.length) return null;
    usable.sort((a, b) => a.estimate - b.estimate);
    let found: number[] | null = null;
    for (const { variants } of usable) {
      if (found && found.length <= SMALL_ENOUGH) break;
      const within: number[] | null = found;
      found = unionSorted(variants.map((v) => this.ofText(v, within)));
    }
    return found;
  }

  /** Slots holding every trigram of `text` (and in `within`, when given): lists intersected from the shortest up. */
  private ofText(text: string, within: number[] | null): number[] {
    const lists: number[][] = [];
    let missing = false;
    forEachTrigram(text, (t) => {
      const list = this.lists[t];
      if (!list) missing = true;
      else if (!lists.includes(list)) lists.push(list);
    });
    if (missing || !lists.length) return [];
    lists.sort((a, b) => a.length - b.length);
    let out = within ?? lists[0]!;
    for (let i = within ? 0 : 1; i < lists.length && out.length > SMALL_ENOUGH; i++) out = intersectSorted(out, lists[i]!);
    return out;
  }

  /** The lists as they are, flattened (a saved person index, snapshot.ts); the items are the caller's to save. */
  state(): TrigramState {
    const offsets = new Int32Array(TRIGRAMS + 1);
    let total = 0;
    for (let t = 0; t < TRIGRAMS; t++) total += this.lists[t]?.length ?? 0;
    const data = new Int32Array(total);
    let at = 0;
    for (let t = 0; t < TRIGRAMS; t++) {
      offsets[t] = at;
      const list = this.lists[t];
      if (list) for (const x of list) data[at++] = x;
    }
    offsets[TRIGRAMS] = at;
    return { slots: this.items.length, offsets, data };
  }

  /** Lists saved by `state`, with the item of each slot (undefined: removed). */
  static restore<T>(st: TrigramState, items: (T | undefined)[]): TrigramPostings<T> {
    if (st.offsets.length !== TRIGRAMS + 1 || items.length !== st.slots || st.offsets[TRIGRAMS] !== st.data.length) throw new Error("trigrams: inconsistent saved state");
    const p = new TrigramPostings<T>();
    for (let t = 0; t < TRIGRAMS; t++) {
      const a = st.offsets[t]!;
      const b = st.offsets[t + 1]!;
      if (b > a) p.lists[t] = Array.from(st.data.subarray(a, b));
    }
    p.items = items;
    for (const x of items) if (x !== undefined) p.live++;
    return p;
  }

  /** Mark these slots; `marked(slot, stamp)` then tells them apart (no set is built). */
  mark(slots: readonly number[]): number {
    if (this.stamps.length < this.items.length) {
      const grown = new Uint32Array(Math.max(this.items.length, this.stamps.length * 2));
      grown.set(this.stamps);
      this.stamps = grown;
    }
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    const s = ++this.stamp;
    for (const slot of slots) this.stamps[slot] = s;
    return s;
  }

  marked(slot: number, stamp: number): boolean {
    return this.stamps[slot] === stamp;
  }
}

/**
 * Slot numbers in an order kept beside an array of entries (the index's name order), so that a walk in that
 * order reads one typed array rather than every entry object (a cache miss each: 5 ms per 100,000 people).
 */
export class SlotOrder {
  private slots = new Int32Array(1024);
  length = 0;

  at(i: number): number {
    return this.slots[i]!;
  }

  private room(n: number): void {
    if (this.slots.length >= n) return;
    const grown = new Int32Array(Math.max(n, this.slots.length * 2));
    grown.set(this.slots.subarray(0, this.length));
    this.slots = grown;
  }

  push(slot: number): void {
    this.room(this.length + 1);
    this.slots[this.length++] = slot;
  }

  insert(i: number, slot: number): void {
    this.room(this.length + 1);
    this.slots.copyWithin(i + 1, i, this.length);
    this.slots[i] = slot;
    this.length++;
  }

  removeAt(i: number): void {
    this.slots.copyWithin(i, i + 1, this.length);
    this.length--;
  }

  /** Start again from these slots, in this order. */
  reset(slots: Iterable<number>): void {
    this.length = 0;
    for (const s of slots) this.push(s);
  }
}
