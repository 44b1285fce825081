/**
 * Posting lists for blocking keys: key hash → positions of indexed people, in typed arrays
 * (open addressing for the keys). A registry of 100,000 people has about a million keys; a Map of
 * arrays spends most of an index build allocating and rehashing, this spends almost nothing.
 *
 * A key's first position sits in its slot; the rest in blocks of 4, 8, 16, 32, then 64 positions, newest
 * block first. A list kept one entry per link (as before) put every position of a large block in another
 * cache line: walking the lists was the matcher's costliest line (an import row walks ≈ 900 positions at
 * 100,000 people), a memory stall per position. In blocks, a stall per block.
 */
const FIRST_BLOCK = 4;
const LAST_BLOCK = 64;
/** A block: [older block (or −1), capacity << 8 | used, positions…]. */
const HEADER = 2;
/** A slot whose key lost every position to `without`: taken (probing goes on past it), holding no key. */
const GONE = -2;

export class Postings {
  private slots = 1 << 16;
  private keys = new Int32Array(this.slots).fill(-1); // key hash, -1 = empty slot, GONE = a key taken out
  private firsts = new Int32Array(this.slots); // the key's first position
  private heads = new Int32Array(this.slots); // newest block of the key's further positions, -1 = none
  private sizes = new Int32Array(this.slots);
  private used = 0;
  private blocks = new Int32Array(1 << 16);
  private blocksEnd = 0;

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
      this.firsts[s] = position;
      this.heads[s] = -1;
      this.sizes[s] = 1;
      this.used++;
      return;
    }
    let b = this.heads[s]!;
    const blocks = this.blocks;
    // Keys of one person arrive together: the last position added is the newest block's last (or the first).
    const last = b < 0 ? this.firsts[s]! : blocks[b + HEADER + (blocks[b + 1]! & 0xff) - 1]!;
    if (last === position) return;
    if (b < 0 || (blocks[b + 1]! & 0xff) === blocks[b + 1]! >> 8) {
      const capacity = b < 0 ? FIRST_BLOCK : Math.min(LAST_BLOCK, 2 * (blocks[b + 1]! >> 8));
      b = this.newBlock(b, capacity);
      this.heads[s] = b;
    }
    const filled = this.blocks[b + 1]! & 0xff;
    this.blocks[b + HEADER + filled] = position;
    this.blocks[b + 1]!++;
    this.sizes[s]!++;
  }

  private newBlock(older: number, capacity: number): number {
    const b = this.blocksEnd;
    if (b + HEADER + capacity > this.blocks.length) {
      const grown = new Int32Array(Math.max(this.blocks.length * 2, b + HEADER + capacity));
      grown.set(this.blocks);
      this.blocks = grown;
    }
    this.blocks[b] = older;
    this.blocks[b + 1] = capacity << 8;
    this.blocksEnd = b + HEADER + capacity;
    return b;
  }

  /** Number of positions under a key (0 when absent). */
  size(h: number): number {
    const s = this.find(h);
    return this.keys[s] === -1 ? 0 : this.sizes[s]!;
  }

  /** Call `fn` for each position under a key (in no particular order). */
  forEach(h: number, fn: (position: number) => void): void {
    this.forEachUpTo(h, Infinity, fn);
  }

  /**
   * Call `fn` for each position under a key holding at most `limit` positions (a key over the limit is
   * skipped whole); one lookup of the key, no list built.
   */
  forEachUpTo(h: number, limit: number, fn: (position: number) => void): void {
    const s = this.find(h);
    if (this.keys[s] === -1 || this.sizes[s]! > limit) return;
    fn(this.firsts[s]!);
    const blocks = this.blocks;
    for (let b = this.heads[s]!; b >= 0; b = blocks[b]!) {
      const end = b + HEADER + (blocks[b + 1]! & 0xff);
      for (let e = b + HEADER; e < end; e++) fn(blocks[e]!);
    }
  }

  /** Every key held (a hash each). */
  allKeys(): number[] {
    const out: number[] = [];
    for (const h of this.keys) if (h >= 0) out.push(h);
    return out;
  }

  /**
   * The lists without the positions of `gone`, a copy: a saved index keeps nothing of removed people
   * (src/domain/names/blocking.ts `state`). A list holding none of them (nearly all) is copied as it is; one that does
   * is written again into its own blocks, the rest zeroed; a key left with none becomes GONE (its hash dropped; the
   * slot stays taken so that the keys probed past it are still found). Reads do not depend on a list's order.
   */
  without(gone: ReadonlySet<number>): Postings {
    const p = Postings.fromState(this.state());
    let max = -1;
    for (const i of gone) if (i > max) max = i;
    const mask = new Uint8Array(max + 1);
    for (const i of gone) mask[i] = 1;
    const out = (i: number) => i <= max && mask[i] === 1;
    const { keys, firsts, heads, sizes, blocks } = p;
    const live: number[] = [];
    const chain: number[] = [];
    for (let s = 0; s < p.slots; s++) {
      if (keys[s]! < 0) continue;
      let hit = out(firsts[s]!);
      for (let b = heads[s]!; b >= 0 && !hit; b = blocks[b]!) for (let e = b + HEADER, end = e + (blocks[b + 1]! & 0xff); e < end && !hit; e++) hit = out(blocks[e]!);
      if (!hit) continue;
      live.length = 0;
      chain.length = 0;
      if (!out(firsts[s]!)) live.push(firsts[s]!);
      for (let b = heads[s]!; b >= 0; b = blocks[b]!) {
        chain.push(b);
        for (let e = b + HEADER, end = e + (blocks[b + 1]! & 0xff); e < end; e++) if (!out(blocks[e]!)) live.push(blocks[e]!);
      }
      for (const b of chain) {
        blocks.fill(0, b + HEADER, b + HEADER + (blocks[b + 1]! >> 8));
        blocks[b + 1] = blocks[b + 1]! & ~0xff;
      }
      if (!live.length) {
        [keys[s], firsts[s], heads[s], sizes[s]] = [GONE, 0, -1, 0];
        continue;
      }
      firsts[s] = live[0]!;
      sizes[s] = live.length;
      let k = 1;
      let last = -1;
      for (const b of chain) {
        if (k >= live.length) break;
        const capacity = blocks[b + 1]! >> 8;
        let used = 0;
        while (used < capacity && k < live.length) blocks[b + HEADER + used++] = live[k++]!;
        blocks[b + 1] = (capacity << 8) | used;
        last = b;
      }
      // The blocks left empty are unlinked.
      if (last < 0) heads[s] = -1;
      else blocks[last] = -1;
    }
    return p;
  }

  /** The lists as they are (a saved person index, src/services/directory/snapshot.ts): typed arrays, trimmed. */
  state(): PostingsState {
    const { slots, used, blocksEnd, keys, firsts, heads, sizes } = this;
    return { slots, used, blocksEnd, keys, firsts, heads, sizes, blocks: this.blocks.subarray(0, blocksEnd) };
  }

  /**
   * Lists saved by `state`, as they were: the same keys answer with the same positions in the same order. `adopt`: the
   * state's arrays are this one's alone (handed over by the thread that built them, src/services/directory/
   * matcherThread.ts), so they are kept, not copied — and the blocks keep the room after them that their buffer has.
   */
  static fromState(st: PostingsState, adopt = false): Postings {
    const p = new Postings();
    const sized = [st.keys, st.firsts, st.heads, st.sizes].every((a) => a.length === st.slots);
    if (!sized || st.blocks.length !== st.blocksEnd) throw new Error("postings: inconsistent saved state");
    p.slots = st.slots;
    p.used = st.used;
    p.blocksEnd = st.blocksEnd;
    if (adopt) {
      const own = (a: Int32Array) => a as Int32Array<ArrayBuffer>;
      [p.keys, p.firsts, p.heads, p.sizes] = [own(st.keys), own(st.firsts), own(st.heads), own(st.sizes)];
      const b = own(st.blocks);
      p.blocks = new Int32Array(b.buffer, b.byteOffset, (b.buffer.byteLength - b.byteOffset) >> 2);
      return p;
    }
    p.keys = new Int32Array(st.keys);
    p.firsts = new Int32Array(st.firsts);
    p.heads = new Int32Array(st.heads);
    p.sizes = new Int32Array(st.sizes);
    // Room to grow, as `newBlock` would leave it.
    let room = 1 << 16;
    while (room < st.blocksEnd + HEADER + LAST_BLOCK) room *= 2;
    p.blocks = new Int32Array(room);
    p.blocks.set(st.blocks);
    return p;
  }

  private growSlots(): void {
    const { keys, firsts, heads, sizes } = this;
    this.slots *= 2;
    this.keys = new Int32Array(this.slots).fill(-1);
    this.firsts = new Int32Array(this.slots);
    this.heads = new Int32Array(this.slots);
    this.sizes = new Int32Array(this.slots);
    for (let i = 0; i < keys.length; i++) {
      const h = keys[i]!;
      if (h < 0) continue;
      const s = this.find(h);
      this.keys[s] = h;
      this.firsts[s] = firsts[i]!;
      this.heads[s] = heads[i]!;
      this.sizes[s] = sizes[i]!;
    }
  }
}

export interface PostingsState {
  slots: number;
  used: number;
  blocksEnd: number;
  keys: Int32Array;
  firsts: Int32Array;
  heads: Int32Array;
  sizes: Int32Array;
  blocks: Int32Array;
}
