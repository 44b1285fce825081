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
  private person = new Int32Array(1 << 16);
  private next = new Int32Array(1 << 16);
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
    if (head >= 0 && this.person[head] === position) return; // keys of one person arrive together
    if (this.entries === this.person.length) this.growEntries();
    this.person[this.entries] = position;
    this.next[this.entries] = head;
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
    for (let e = this.heads[s]!; e >= 0; e = this.next[e]!) fn(this.person[e]!);
  }

  /**
   * Call `fn` for each position under a key holding at most `limit` positions (a key over the limit is
   * skipped whole); one lookup of the key, no list built.
   */
  forEachUpTo(h: number, limit: number, fn: (position: number) => void): void {
    const s = this.find(h);
    if (this.keys[s] === -1 || this.sizes[s]! > limit) return;
    const { person, next } = this;
    for (let e = this.heads[s]!; e >= 0; e = next[e]!) fn(person[e]!);
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
    const person = new Int32Array(this.person.length * 2);
    const next = new Int32Array(this.next.length * 2);
    person.set(this.person);
    next.set(this.next);
    this.person = person;
    this.next = next;
  }
}
