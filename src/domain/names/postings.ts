/**
 * Posting lists for blocking keys: key hash → positions of indexed people, in typed arrays
 * (open addressing for the keys, one linked list of positions per key). A registry of
 * 100,000 people has about a million keys; a Map of arrays spends most of an index build
 * allocating and rehashing, this spends almost nothing.
 */
export class Postings {
  private slots = 1 << 16;
  private keys = new Int32Array(this.slots).fill(-1); // key hash, -1 = empty slot
  private heads = new Int32Array(this.slots); // newest entry of the key's list
  private sizes = new Int32Array(this.slots);
  private used = 0;
  /** Per entry, its position and the entry after it in the key's list, side by side (one cache line, not two). */
  private links = new Int32Array(2 << 16);
  private entries = 0;

  /** Slot of `h` (a non-negative 30-bit hash), or of the empty slot where it would go. */
  private find(h: number): number {
    const mask = this.slots - 1;
    let s = Math.imul(h, 0x9e3779b1) >>> 0 & mask;
    while (this.keys[s] !== -1 && this.keys[s] !== h) s = (s + 1) & mask;
    return s;
  }

  /** Add a position to a key's list; the same position twice in a row is kept once. */
  add(h: number, position: number): void {
    let s = this.find(h);
    if (this.keys[s] === -1) {
      if ((this.used + 1) * 2 > this.slots) {
        this.growSlots();
        s = this.find(h);
      }
      this.keys[s] = h;
      this.heads[s] = -1;
      this.sizes[s] = 0;
      this.used++;
    }
    const head = this.heads[s]!;
    if (head >= 0 && this.links[2 * head] === position) return; // keys of one person arrive together
    if (2 * this.entries === this.links.length) this.growEntries();
    this.links[2 * this.entries] = position;
    this.links[2 * this.entries + 1] = head;
    this.heads[s] = this.entries++;
    this.sizes[s]!++;
  }

  /** Number of positions under a key (0 when absent). */
  size(h: number): number {
    const s = this.find(h);
    return this.keys[s] === -1 ? 0 : this.sizes[s]!;
  }

  /** Call `fn` for each position under a key. */
  forEach(h: number, fn: (position: number) => void): void {
    const s = this.find(h);
    if (this.keys[s] === -1) return;
    const links = this.links;
    for (let e = this.heads[s]!; e >= 0; e = links[2 * e + 1]!) fn(links[2 * e]!);
  }

  /**
   * Call `fn` for each position under a key holding at most `limit` positions (a key over the limit is
   * skipped whole); one lookup of the key, no list built.
   */
  forEachUpTo(h: number, limit: number, fn: (position: number) => void): void {
    const s = this.find(h);
    if (this.keys[s] === -1 || this.sizes[s]! > limit) return;
    const links = this.links;
    for (let e = this.heads[s]!; e >= 0; e = links[2 * e + 1]!) fn(links[2 * e]!);
  }

  /** The lists as they are (a saved person index, src/services/directory/snapshot.ts): typed arrays, trimmed. */
  state(): PostingsState {
    return { slots: this.slots, used: this.used, entries: this.entries, keys: this.keys, heads: this.heads, sizes: this.sizes, links: this.links.subarray(0, 2 * this.entries) };
  }

  /** Lists saved by `state`, as they were: the same keys answer with the same positions in the same order. */
  static fromState(st: PostingsState): Postings {
    const p = new Postings();
    if (st.keys.length !== st.slots || st.heads.length !== st.slots || st.sizes.length !== st.slots || st.links.length !== 2 * st.entries) throw new Error("postings: inconsistent saved state");
    p.slots = st.slots;
    p.used = st.used;
    p.entries = st.entries;
    p.keys = new Int32Array(st.keys);
    p.heads = new Int32Array(st.heads);
    p.sizes = new Int32Array(st.sizes);
    // Room to grow, as `growEntries` would leave it.
    let room = 2 << 16;
    while (room < st.links.length + 2) room *= 2;
    p.links = new Int32Array(room);
    p.links.set(st.links);
    return p;
  }

  private growSlots(): void {
    const { keys, heads, sizes } = this;
    this.slots *= 2;
    this.keys = new Int32Array(this.slots).fill(-1);
    this.heads = new Int32Array(this.slots);
    this.sizes = new Int32Array(this.slots);
    for (let i = 0; i < keys.length; i++) {
      const h = keys[i]!;
      if (h === -1) continue;
      const s = this.find(h);
      this.keys[s] = h;
      this.heads[s] = heads[i]!;
      this.sizes[s] = sizes[i]!;
    }
  }

  private growEntries(): void {
    const links = new Int32Array(this.links.length * 2);
    links.set(this.links);
    this.links = links;
  }
}

export interface PostingsState {
  slots: number;
  used: number;
  entries: number;
  keys: Int32Array;
  heads: Int32Array;
  sizes: Int32Array;
  links: Int32Array;
}
