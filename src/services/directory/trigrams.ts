// Trigram postings of the person index's substring search. Each character is folded into one of 64 symbols (space,
// Latin and Cyrillic letters; anything else is symbol 0), so a trigram is an 18-bit number and its posting list sits in a plain array slot (no string keys: a registry of
// 100,000 people has ~7 million trigram occurrences, and Map lookups by string would dominate the build).
//
// Lists hold slot numbers, ascending (a slot is taken once, in increasing order), so the candidates of a typed
// word are the intersection of its trigrams' lists, computed by galloping through them — not the whole list of
// its rarest trigram checked one entry at a time, which at 100,000 people was a fifth of the server's CPU under
// load ("петр" has ~15,000 people behind each of its trigrams, and only the intersection matters).
import { intersectSorted, unionSorted } from "./sortedSlots.js";

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

/** An intersection this small is left to the verification of each candidate rather than narrowed further. */
const SMALL_ENOUGH = 32;

const TRIGRAMS = 1 << 18;
/** Pending trigrams per chunk: 1 MiB. */
const CHUNK_BITS = 18;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

/** A trigram's list: its part of the laid-out arrays, then the slots filed after (`tail`). */
interface Parts {
  base: Int32Array | undefined;
  tail: number[] | undefined;
  length: number;
}

/** The list in one piece (copied only when it has both parts). */
function whole({ base, tail }: Parts): ArrayLike<number> {
  if (!tail) return base!;
  if (!base) return tail;
  const out = Array.from(base);
  for (const x of tail) out.push(x);
  return out;
}

export interface TrigramState {
  slots: number;
  /** Trigram t's list is data[offsets[t]] … data[offsets[t + 1] - 1]. */
  offsets: Int32Array;
  data: Int32Array;
}

/**
 * The lists live in two typed arrays (`offsets`, `data`: the saved form, TrigramState), not in a JS array per
 * trigram: at 100,000 people those held ~7 million numbers on the main thread's heap, copied by every young
 * collection while the build grew them, and their regrowth left as much again as garbage. `add` only records an
 * item's trigrams (`pending`); a read first files them (`settle`): many at once (a full build, the rebuild after
 * removals) by counting each trigram's slots and laying the arrays out again; a few (edits) at the end of their
 * trigrams' lists (`tails`: later slots than any in the arrays, so a list is its part of `data` then its tail), laid
 * out with the arrays when the tails hold an eighth as many.
 */
export class TrigramPostings<T> {
  private offsets: Int32Array | null = null;
  private data = new Int32Array(0);
  private tails = new Map<number, number[]>();
  /** Numbers held by `tails`. */
  private held = 0;
  // Trigrams of the slots added since the last settle, slot after slot (each slot's distinct trigrams), in chunks
  // (never copied to grow: a full build records ~5 million), with the end of each slot's run, and per trigram how many
  // pending slots hold it.
  private pending: Int32Array[] = [];
  private pendingLength = 0;
  private pendingEnds = new Int32Array(0);
  private pendingFrom = 0;
  private counts: Int32Array | null = null;
  /** The last slot that recorded each trigram (a slot holds a trigram once, however many spellings have it). */
  private lastSlot: Int32Array | null = null;
  private items: (T | undefined)[] = [];
  private live = 0;
  /** A removed slot's number may still be in the lists (`state` drops them). */
  private removedInLists = false;
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
    const last = (this.lastSlot ??= new Int32Array(TRIGRAMS).fill(-1));
    const counts = (this.counts ??= new Int32Array(TRIGRAMS));
    let chunk = this.pending[this.pendingLength >>> CHUNK_BITS];
    let at = this.pendingLength & CHUNK_MASK;
    for (const text of texts) {
      if (text.length < 3) continue;
      let a = symbolOf(text.charCodeAt(0));
      let b = symbolOf(text.charCodeAt(1));
      for (let i = 2; i < text.length; i++) {
        const c = symbolOf(text.charCodeAt(i));
        const t = (a << 12) | (b << 6) | c;
        if (last[t] !== slot) {
          last[t] = slot;
          counts[t]!++;
          if (!chunk) this.pending.push((chunk = new Int32Array(CHUNK)));
          chunk[at++] = t;
          this.pendingLength++;
          if (at === CHUNK) {
            chunk = undefined;
            at = 0;
          }
        }
        a = b;
        b = c;
      }
    }
    const k = slot - this.pendingFrom;
    if (k >= this.pendingEnds.length) {
      const ends = new Int32Array(Math.max(1024, this.pendingEnds.length * 2));
      ends.set(this.pendingEnds);
      this.pendingEnds = ends;
    }
    this.pendingEnds[k] = this.pendingLength;
    return slot;
  }

  /** File the pending slots into the lists (see the class's comment); reads do it first, a build when it ends. */
  settle(): void {
    const slots = this.items.length - this.pendingFrom;
    if (!slots) return;
    const counts = this.counts!;
    const ends = this.pendingEnds;
    // Each pending trigram with its slot, in order: `fn(t, slot)`.
    const each = (fn: (t: number, slot: number) => void) => {
      for (let k = 0, j = 0; k < slots; k++) for (const end = ends[k]!; j < end; j++) fn(this.pending[j >>> CHUNK_BITS]![j & CHUNK_MASK]!, this.pendingFrom + k);
    };
    if (this.pendingLength * 8 >= this.data.length) {
      // Many: every list laid out again, its filed slots first, then the pending ones in slot order.
      const at = this.layout(counts);
      const data = this.data;
      // As `each` does, without a call per trigram (~5 million in a full build).
      const chunks = this.pending;
      for (let k = 0, j = 0; k < slots; k++) {
        const slot = this.pendingFrom + k;
        const end = ends[k]!;
        while (j < end) {
          const chunk = chunks[j >>> CHUNK_BITS]!;
          const stop = Math.min(end, ((j >>> CHUNK_BITS) + 1) << CHUNK_BITS);
          for (; j < stop; j++) data[at[chunk[j & CHUNK_MASK]!]!++] = slot;
        }
      }
      counts.fill(0);
    } else {
      each((t, slot) => {
        const tail = this.tails.get(t);
        if (tail) tail.push(slot);
        else this.tails.set(t, [slot]);
        counts[t] = 0;
      });
      this.held += this.pendingLength;
      if (this.held * 8 > this.data.length) this.layout();
    }
    this.pendingLength = 0;
    this.pendingFrom = this.items.length;
    // The build's buffers are let go: later edits add a few trigrams at a time.
    this.pending = [];
    if (this.pendingEnds.length > 1 << 12) this.pendingEnds = new Int32Array(0);
  }

  /** Trigram t's list in the base arrays (undefined when it has none). */
  private base(t: number): Int32Array | undefined {
    const o = this.offsets;
    return o && o[t + 1]! > o[t]! ? this.data.subarray(o[t]!, o[t + 1]!) : undefined;
  }

  private filedLength(t: number): number {
    const o = this.offsets;
    return (o ? o[t + 1]! - o[t]! : 0) + (this.held ? (this.tails.get(t)?.length ?? 0) : 0);
  }

  /** Trigram t's slots, ascending, in two parts (settled). */
  private parts(t: number): Parts | undefined {
    const base = this.base(t);
    const tail = this.held ? this.tails.get(t) : undefined;
    return base || tail ? { base, tail, length: (base?.length ?? 0) + (tail?.length ?? 0) } : undefined;
  }

  remove(slot: number): void {
    if (this.items[slot] === undefined) return;
    this.items[slot] = undefined;
    this.live--;
    this.removedInLists = true;
  }

  /** The item in a slot (undefined once removed). */
  at(slot: number): T | undefined {
    return this.items[slot];
  }

  /** Start afresh (compact slots): `add` each live item again after this. */
  clear(): void {
    this.offsets = null;
    this.data = new Int32Array(0);
    this.tails.clear();
    this.held = 0;
    this.pending = [];
    this.pendingLength = 0;
    this.pendingFrom = 0;
    this.counts?.fill(0);
    this.lastSlot?.fill(-1);
    this.items = [];
    this.live = 0;
    this.removedInLists = false;
  }

  /**
   * Slots (ascending) holding, for every word, every trigram of one of its variants; null when no word has only
   * variants of three letters or more (the caller scans). Words are taken rarest first (by their variants' rarest
   * trigrams), each narrowing the slots found so far, until few are left ("dmitriy aleksandrov": 8,000 people
   * contain either word through a patronymic, 300 both). A superset: each candidate still needs checking.
   */
  candidates(words: readonly string[][]): ArrayLike<number> | null {
    this.settle();
    const usable: { variants: readonly string[]; estimate: number }[] = [];
    for (const variants of words) {
      if (variants.some((v) => v.length < 3)) continue;
      let estimate = 0;
      for (const v of variants) {
        let rarest = Infinity;
        forEachTrigram(v, (t) => (rarest = Math.min(rarest, this.filedLength(t))));
        estimate += rarest;
      }
      usable.push({ variants, estimate });
    }
    if (!usable.length) return null;
    usable.sort((a, b) => a.estimate - b.estimate);
    let found: ArrayLike<number> | null = null;
    for (const { variants } of usable) {
      if (found && found.length <= SMALL_ENOUGH) break;
      const within: ArrayLike<number> | null = found;
      found = unionSorted(variants.map((v) => this.ofText(v, within)));
    }
    return found;
  }

  /** Slots holding every trigram of `text` (and in `within`, when given): lists intersected from the shortest up. */
  private ofText(text: string, within: ArrayLike<number> | null): ArrayLike<number> {
    const seen: number[] = [];
    const lists: Parts[] = [];
    let missing = false;
    forEachTrigram(text, (t) => {
      if (seen.includes(t)) return;
      seen.push(t);
      const list = this.parts(t);
      if (!list) missing = true;
      else lists.push(list);
    });
    if (missing || !lists.length) return [];
    lists.sort((a, b) => a.length - b.length);
    let out = within ?? whole(lists[0]!);
    for (let i = within ? 0 : 1; i < lists.length && out.length > SMALL_ENOUGH; i++) {
      const { base, tail } = lists[i]!;
      // The tail's slots all follow the base's: the two intersections, one after the other, are in order.
      const found = base ? intersectSorted(out, base) : [];
      if (tail) for (const x of intersectSorted(out, tail)) found.push(x);
      out = found;
    }
    return out;
  }

  /**
   * The lists as they are (a saved person index, snapshot.ts), without the slots of removed items; the items are the
   * caller's to save. A removed slot's number in the lists would keep the trigrams of an erased person's spellings —
   * their name, near enough — in a snapshot written after the erasure, under a key it never deletes.
   */
  state(): TrigramState {
    this.settle();
    // Edits since the base are laid out with it (as a full settle does), so the saved form is the base alone.
    if (this.held || !this.offsets) this.layout();
    if (this.removedInLists) this.dropRemoved();
    return { slots: this.items.length, offsets: this.offsets!, data: this.data };
  }

  /** The laid-out lists without removed slots (read skips them anyway; their numbers stay taken). */
  private dropRemoved(): void {
    const { offsets: old, data: was, items } = this;
    const offsets = new Int32Array(TRIGRAMS + 1);
    const data = new Int32Array(was.length);
    let n = 0;
    for (let t = 0; t < TRIGRAMS; t++) {
      offsets[t] = n;
      for (let i = old![t]!, end = old![t + 1]!; i < end; i++) if (items[was[i]!] !== undefined) data[n++] = was[i]!;
    }
    offsets[TRIGRAMS] = n;
    this.offsets = offsets;
    this.data = n === was.length ? data : data.slice(0, n);
    this.removedInLists = false;
  }

  /**
   * The base arrays laid out again with every filed list (its part of the arrays, then its tail) and room for `extra[t]` more
   * slots after each; where each list's room begins.
   */
  private layout(extra?: Int32Array): Int32Array {
    const offsets = new Int32Array(TRIGRAMS + 1);
    let total = 0;
    for (let t = 0; t < TRIGRAMS; t++) {
      offsets[t] = total;
      total += this.filedLength(t) + (extra ? extra[t]! : 0);
    }
    offsets[TRIGRAMS] = total;
    const data = new Int32Array(total);
    const at = offsets.slice(0, TRIGRAMS);
    const old = this.offsets;
    for (let t = 0; old && t < TRIGRAMS; t++) {
      if (old[t + 1]! > old[t]!) {
        data.set(this.data.subarray(old[t]!, old[t + 1]!), at[t]!);
        at[t]! += old[t + 1]! - old[t]!;
      }
      const tail = this.held ? this.tails.get(t) : undefined;
      if (tail) {
        data.set(tail, at[t]!);
        at[t]! += tail.length;
      }
    }
    this.offsets = offsets;
    this.data = data;
    this.tails.clear();
    this.held = 0;
    return at;
  }

  /** Mark these slots; `marked(slot, stamp)` then tells them apart (no set is built). */
  mark(slots: ArrayLike<number>): number {
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
    for (let i = 0; i < slots.length; i++) this.stamps[slots[i]!] = s;
    return s;
  }

  marked(slot: number, stamp: number): boolean {
    return this.stamps[slot] === stamp;
  }

  /** Lists saved by `state`, with the item of each slot (undefined: removed). */
  static restore<T>(st: TrigramState, items: (T | undefined)[]): TrigramPostings<T> {
    if (st.offsets.length !== TRIGRAMS + 1 || items.length !== st.slots || st.offsets[TRIGRAMS] !== st.data.length) throw new Error("trigrams: inconsistent saved state");
    const p = new TrigramPostings<T>();
    // Copied: the saved arrays are views into the whole opened snapshot, which they would otherwise keep alive.
    p.offsets = new Int32Array(st.offsets);
    p.data = new Int32Array(st.data);
    p.items = items;
    p.pendingFrom = items.length;
    for (const x of items) if (x !== undefined) p.live++;
    p.removedInLists = p.live < items.length;
    return p;
  }
}
