// The in-memory index of one organisation's people: the single source of name order, filters, counts and name
// search for the staff list, staff search, the public list and public search. SQL then fetches a page's rows by
// id. Names will be sealed at rest (the security issue): the index is built from opened values, so sealing
// changes how entries are loaded (src/services/directory/directory.ts), not how lists are ordered or searched.
import { MatchIndex, type MatchIndexState } from "../../domain/names/index.js";
import { personCategories, personStatuses } from "../../db/schema/enums.js";
import { SlotOrder } from "./sortedSlots.js";
import { TrigramPostings, type TrigramState } from "./trigrams.js";
import { ENTRY_FIELDS, entriesOf, evidenceOf, type Entry, type RegistryPerson, type Registry } from "./entry.js";

export * from "./entry.js";

const CATEGORY_ORDER = new Map<string, number>(personCategories.map((c, i) => [c, i]));
const STATUS_ORDER = new Map<string, number>(personStatuses.map((c, i) => [c, i]));

export type Sort = "name" | "-name" | "birth" | "-birth" | "updated" | "-updated" | "category" | "status";

const byKey = (a: Entry, b: Entry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const nullsLast = (a: number | string | null, b: number | string | null, dir: 1 | -1) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -dir : dir);
const byId = (a: Entry, b: Entry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const comparators: Record<Exclude<Sort, "name" | "-name">, (a: Entry, b: Entry) => number> = {
  birth: (a, b) => nullsLast(a.birthYear, b.birthYear, 1) || nullsLast(a.birthDate, b.birthDate, 1) || byId(a, b),
  "-birth": (a, b) => nullsLast(a.birthYear, b.birthYear, -1) || nullsLast(a.birthDate, b.birthDate, -1) || byId(a, b),
  updated: (a, b) => a.updatedAt - b.updatedAt || byId(a, b),
  "-updated": (a, b) => b.updatedAt - a.updatedAt || byId(a, b),
  category: (a, b) => CATEGORY_ORDER.get(a.category)! - CATEGORY_ORDER.get(b.category)! || byKey(a, b),
  status: (a, b) => STATUS_ORDER.get(a.status)! - STATUS_ORDER.get(b.status)! || byKey(a, b),
};

/** Binary search: first position in `xs` (ordered by `cmp`) not before `x`. */
function lowerBound(xs: Entry[], x: Entry, cmp: (a: Entry, b: Entry) => number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(xs[mid]!, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Candidates above 1/WALK_RATIO of the entries are found by walking the name order (cheaper than sorting them). */
const WALK_RATIO = 40;

export class PersonIndex {
  readonly entries = new Map<string, Entry>();
  /** Trigram → slots of entries whose spellings contain it (slots of edited or removed entries are skipped). */
  private trigrams = new TrigramPostings<Entry>();
  /** Every entry by name key: the staff list's default order. */
  private byName: Entry[] = [];
  /** The slots of `byName`'s entries, in its order (a search walks this instead of the entries). */
  private nameSlots = new SlotOrder();
  /** Anonymised profiles by id: the public list shows them after the named ones, never in name order. */
  private anonymised: Entry[] = [];
  /** Named (fully consented) profiles by name key: the public list's first part, kept like `byName`. */
  private named: Entry[] = [];
  // Counts kept as entries come and go, so that the public pages' totals and region filter cost nothing per request
  // (recounting 100,000 entries after every write was a tenth of the server's time under load).
  private readonly byConsent = new Map<string, number>();
  private readonly byStatus = new Map<string, number>();
  private readonly namedRegionCounts = new Map<string, number>();
  private namedRegionList: string[] | null = null;
  private matcher = new MatchIndex();
  /** Entries whose matcher positions went stale (edited or removed): the matcher is rebuilt when they pile up. */
  private staleInMatcher = 0;
  private otherOrders = new Map<Sort, { version: number; order: Entry[] }>();
  /** Bumped on every change: cached orders other than by name, and memoised tallies, are recomputed lazily. */
  version = 0;
  private memos = new Map<string, { version: number; value: unknown }>();

  /** A value computed from all entries (counts, the regions for a filter), kept until the next change. */
  memo<T>(name: string, compute: (entries: Iterable<Entry>) => T): T {
    const hit = this.memos.get(name);
    if (hit && hit.version === this.version) return hit.value as T;
    const value = compute(this.entries.values());
    this.memos.set(name, { version: this.version, value });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  private tally(e: Entry, delta: 1 | -1): void {
    this.byConsent.set(e.consent, (this.byConsent.get(e.consent) ?? 0) + delta);
    this.byStatus.set(e.status, (this.byStatus.get(e.status) ?? 0) + delta);
    const region = e.consent === "full" ? e.region?.trim() : undefined;
    if (region) {
      const n = (this.namedRegionCounts.get(region) ?? 0) + delta;
      if (n > 0) this.namedRegionCounts.set(region, n);
      else this.namedRegionCounts.delete(region);
      if (n === 0 || n === 1) this.namedRegionList = null;
    }
  }

  /** How many entries have each publicity consent value. */
  countOfConsent(consent: string): number {
    return this.byConsent.get(consent) ?? 0;
  }

  /** How many entries have each status. */
  countOfStatus(status: string): number {
    return this.byStatus.get(status) ?? 0;
  }

  /** Regions of named profiles (trimmed, sorted): the public list's region filter. */
  namedRegions(): string[] {
    return (this.namedRegionList ??= [...this.namedRegionCounts.keys()].sort());
  }

  private addTrigrams(e: Entry): void {
    e.slot = this.trigrams.add(e, e.hay);
  }

  /** Add or replace a person (an edit is a remove and an add). */
  put(e: Entry): void {
    if (this.entries.has(e.id)) this.remove(e.id);
    this.entries.set(e.id, e);
    this.addTrigrams(e);
    const at = lowerBound(this.byName, e, byKey);
    this.byName.splice(at, 0, e);
    this.nameSlots.insert(at, e.slot!);
    if (e.consent === "anonymised") this.anonymised.splice(lowerBound(this.anonymised, e, byId), 0, e);
    if (e.consent === "full") this.named.splice(lowerBound(this.named, e, byKey), 0, e);
    this.tally(e, 1);
    this.matcher.add(e.id, evidenceOf(e));
    this.version++;
  }

  /**
   * Append during a full build, in any order; `finishBuild` sorts once. `matcher: false`: the matcher is built
   * elsewhere from the same people in the same order (matcherThread.ts) and handed to `finishBuild`.
   */
  load(e: Entry, matcher = true): void {
    this.entries.set(e.id, e);
    this.addTrigrams(e);
    this.byName.push(e);
    this.nameSlots.push(e.slot!);
    if (e.consent === "anonymised") this.anonymised.push(e);
    if (e.consent === "full") this.named.push(e);
    this.tally(e, 1);
    if (matcher) this.matcher.add(e.id, evidenceOf(e));
  }

  /**
   * After the last `load`. `matcher`: the state of the matcher built elsewhere of the people loaded (in their order),
   * or null when that failed (built here now, in the same order); absent when `load` built it.
   */
  finishBuild(matcher?: MatchIndexState | null): void {
    this.sortBuilt();
    if (matcher !== undefined) this.takeMatcher(matcher);
  }

  /**
   * The orders, after the last `load` (they do not need the matcher: the full build sorts while its matcher thread
   * finishes). The keys sorted by the engine's own string order (the order of byKey: keys are unique, they end in the
   * id), then the entries looked up: half the CPU of calling a comparator 1.7 million times at 100,000 people. The
   * named profiles keep that order, so they are picked out of it rather than sorted again.
   */
  sortBuilt(): void {
    const byKeyText = new Map<string, Entry>();
    for (const e of this.byName) byKeyText.set(e.key, e);
    const keys = [...byKeyText.keys()].sort();
    this.byName = keys.map((k) => byKeyText.get(k)!);
    this.nameSlots.reset(this.byName.map((e) => e.slot!));
    this.anonymised.sort(byId);
    this.named = this.byName.filter((e) => e.consent === "full");
    this.trigrams.settle();
    this.version++;
  }

  /**
   * The state of the matcher built elsewhere of the people loaded (in their order), or null: built here now. The state
   * is this index's alone (its lists are kept, not copied), and its ids are taken as this index's own strings (hashed
   * already, as the entries' keys, and not held twice): ~40 ms less of the full build's last, single-threaded step.
   */
  takeMatcher(matcher: MatchIndexState | null): void {
    const ids = matcher?.ids;
    let same = !!ids && ids.length === this.entries.size;
    const own = same ? [...this.entries.keys()] : [];
    for (let i = 0; same && i < own.length; i++) same = ids![i] === own[i];
    if (same) this.matcher = MatchIndex.restore({ ...matcher!, ids: own }, (id) => {
      const e = this.entries.get(id);
      return e && evidenceOf(e);
    }, true);
    else this.rebuildMatcher();
    this.version++;
  }

  /**
   * The index as it is, for a saved copy (snapshot.ts): the entries column by column in name order, their trigram
   * slots, the trigram lists and the matcher's lists — what a build computes from the names, so a load skips it.
   */
  state(): PersonIndexState {
    const order = this.byName;
    const at = new Map<Entry, number>();
    order.forEach((e, i) => at.set(e, i));
    const mapOrder = new Int32Array(order.length);
    let k = 0;
    for (const e of this.entries.values()) mapOrder[k++] = at.get(e)!;
    const columns = ENTRY_FIELDS.map((f) => order.map((e) => e[f]));
    return { columns, slots: Int32Array.from(order, (e) => e.slot!), mapOrder, trigrams: this.trigrams.state(), matcher: this.matcher.state(), staleInMatcher: this.staleInMatcher };
  }

  /** An index as `state` saved it: the same order, counts, search and match decisions as the index it was taken of. */
  static restore(st: PersonIndexState): PersonIndex {
    const n = st.slots.length;
    if (st.columns.length !== ENTRY_FIELDS.length || st.columns.some((c) => c.length !== n) || st.mapOrder.length !== n) throw new Error("person index: inconsistent saved state");
    const idx = new PersonIndex();
    const byName = entriesOf(st.columns, st.slots);
    for (const i of st.mapOrder) idx.entries.set(byName[i]!.id, byName[i]!);
    if (idx.entries.size !== n) throw new Error("person index: inconsistent saved state");
    const items = new Array<Entry | undefined>(st.trigrams.slots);
    for (const e of byName) items[e.slot!] = e;
    idx.trigrams = TrigramPostings.restore(st.trigrams, items);
    idx.byName = byName;
    idx.nameSlots.reset(st.slots);
    idx.named = byName.filter((e) => e.consent === "full");
    idx.anonymised = byName.filter((e) => e.consent === "anonymised").sort(byId);
    for (const e of byName) idx.tally(e, 1);
    idx.matcher = MatchIndex.restore(st.matcher, (id) => {
      const e = idx.entries.get(id);
      return e && evidenceOf(e);
    });
    idx.staleInMatcher = st.staleInMatcher;
    idx.version++;
    return idx;
  }

  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    const i = lowerBound(this.byName, e, byKey);
    if (this.byName[i] === e) {
      this.byName.splice(i, 1);
      this.nameSlots.removeAt(i);
    }
    if (e.consent === "anonymised") {
      const j = lowerBound(this.anonymised, e, byId);
      if (this.anonymised[j] === e) this.anonymised.splice(j, 1);
    }
    if (e.consent === "full") {
      const j = lowerBound(this.named, e, byKey);
      if (this.named[j] === e) this.named.splice(j, 1);
    }
    this.tally(e, -1);
    // The other orders and the kept values are copies that would hold the entry — an erased person's names — until
    // next asked for (maybe never): let go now, recomputed on first use as after any change.
    this.otherOrders.clear();
    this.memos.clear();
    this.matcher.remove(id);
    if (e.slot !== undefined) this.trigrams.remove(e.slot);
    this.staleInMatcher++;
    this.version++;
    if (this.trigrams.stale > 1000 && this.trigrams.stale * 5 > this.entries.size) {
      this.trigrams.clear();
      for (const x of this.entries.values()) this.addTrigrams(x);
      this.nameSlots.reset(this.byName.map((x) => x.slot!));
    }
    // The matcher keeps a removed person's blocking keys (skipped when read): start afresh when they are a fifth.
    if (this.staleInMatcher > 1000 && this.staleInMatcher * 5 > this.entries.size) this.rebuildMatcher();
  }

  private rebuildMatcher(): void {
    this.matcher = new MatchIndex();
    for (const e of this.entries.values()) this.matcher.add(e.id, evidenceOf(e));
    this.staleInMatcher = 0;
  }

  /** Entries in a sort order (by name is kept up to date; the others are sorted on first use after a change). */
  ordered(sort: Sort = "name"): Entry[] {
    if (sort === "name") return this.byName;
    if (sort === "-name") return this.reversed();
    const hit = this.otherOrders.get(sort);
    if (hit && hit.version === this.version) return hit.order;
    const order = [...this.byName].sort(comparators[sort]);
    this.otherOrders.set(sort, { version: this.version, order });
    return order;
  }

  private reversed(): Entry[] {
    const hit = this.otherOrders.get("-name");
    if (hit && hit.version === this.version) return hit.order;
    const order = [...this.byName].reverse();
    this.otherOrders.set("-name", { version: this.version, order });
    return order;
  }

  /** The public list: named profiles alphabetically, then anonymised ones by id (recomputed after a change). */
  publicOrder(): Entry[] {
    return this.memo("publicOrder", () => this.named.concat(this.anonymised));
  }

  /**
   * The registry for matching, kept current with the index (an edit replaces one person, never rebuilds it).
   * A caller that awaits between uses may see people edited meanwhile, as with any read outside a transaction.
   */
  registry(): Registry {
    const personOf = (id: string): RegistryPerson | undefined => {
      const e = this.entries.get(id);
      if (!e) return undefined;
      const evidence = evidenceOf(e);
      return { id: e.id, externalId: e.externalId, primaryName: e.primaryName, birthDate: evidence.birthDate ?? null, category: e.category, status: e.status, evidence };
    };
    return { index: this.matcher, byId: { get: personOf, has: (id) => this.entries.has(id) } };
  }

  /** Matcher candidates for a whole name (ids with scores, best first). */
  candidates(q: string, limit: number): { id: string; score: number; verdict: string }[] {
    return this.matcher.candidates({ names: [q] }, 0.6, limit);
  }

  /**
   * People of whom every typed word occurs in some spelling, in one of the word's variants (as typed, in the
   * other script), in name order, at most `limit`. The word whose trigrams' lists intersect smallest picks the
   * candidates (trigrams.ts); words too short for a trigram make it a scan. `accept` filters before the spelling test.
   */
  substring(words: string[][], accept: (e: Entry) => boolean, limit: number): Entry[] {
    if (!words.length) return [];
    const matches = (e: Entry) => {
      for (const variants of words) {
        let some = false;
        for (const v of variants) {
          for (const h of e.hay) if (h.includes(v)) {
            some = true;
            break;
          }
          if (some) break;
        }
        if (!some) return false;
      }
      return true;
    };
    const slots = this.trigrams.candidates(words);
    const out: Entry[] = [];
    if (!slots) {
      // Every word too short for a trigram: a scan in name order.
      for (const e of this.byName) if (accept(e) && matches(e) && out.push(e) >= limit) break;
      return out;
    }
    // Many candidates ("петр", "ова"): walk the name order and stop at `limit` hits, rather than checking and
    // sorting them all; a few: check them and sort those that match.
    if (slots.length * WALK_RATIO > this.entries.size) {
      const stamp = this.trigrams.mark(slots);
      const order = this.nameSlots;
      for (let i = 0; i < order.length; i++) {
        if (!this.trigrams.marked(order.at(i), stamp)) continue;
        const e = this.byName[i]!;
        if (accept(e) && matches(e) && out.push(e) >= limit) break;
      }
      return out;
    }
    for (let i = 0; i < slots.length; i++) {
      const e = this.trigrams.at(slots[i]!);
      if (e && accept(e) && matches(e)) out.push(e);
    }
    out.sort(byKey);
    return out.length > limit ? out.slice(0, limit) : out;
  }
}

export interface PersonIndexState {
  /** One column per field of ENTRY_FIELDS, entries in name order. */
  columns: unknown[][];
  /** Each entry's trigram slot, in name order. */
  slots: Int32Array;
  /** The entries map's order, as positions in name order. */
  mapOrder: Int32Array;
  trigrams: TrigramState;
  matcher: MatchIndexState;
  staleInMatcher: number;
}
