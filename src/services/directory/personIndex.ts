// The in-memory index of one organisation's people: the single source of name order, filters, counts and name
// search for the staff list, staff search, the public list and public search. SQL then fetches a page's rows by
// id. Names will be sealed at rest (the security issue): the index is built from opened values, so sealing
// changes how entries are loaded (src/services/directory/directory.ts), not how lists are ordered or searched.
import { MatchIndex, toCyrillic, transliterate, type MatchIndexState, type PersonEvidence, type Sex } from "../../domain/names/index.js";
import { personCategories, personStatuses } from "../../db/schema/enums.js";
import type { PersonRow } from "../../db/repositories/people.js";
import { SlotOrder, TrigramPostings, type TrigramState } from "./trigrams.js";

export interface Entry {
  id: string;
  externalId: string | null;
  primaryName: string;
  /** Sort key of the primary name (alphabet order of Russian and Ukrainian, then id). */
  key: string;
  sex: string;
  birthDate: string | null;
  birthYear: number | null;
  region: string | null;
  category: string;
  status: string;
  consent: string;
  facilityId: string | null;
  updatedAt: number;
  // What a list row shows besides the above (staff list and search, public cards): a page needs no SQL.
  statusSince: string | null;
  exchangeConsent: string;
  isDemo: boolean;
  photoUrl: string | null;
  /** Every spelling folded, plus the Latin transliteration of the Cyrillic ones (substring search). */
  hay: string[];
  names: string[];
  /** Its slot in the index's trigram postings (set by PersonIndex when it is added). */
  slot?: number;
}

/** The columns of a person that a list row shows (staff list and search), as the row read from SQL has them. */
export type PersonSummaryRow = Pick<
  PersonRow,
  "id" | "externalId" | "primaryName" | "sex" | "birthDate" | "birthYear" | "homeRegion" | "category" | "status" | "statusSince" | "currentFacilityId" | "publicityConsent" | "exchangeConsent" | "isDemo" | "updatedAt"
>;

export function summaryRowOf(e: Entry): PersonSummaryRow {
  return {
    id: e.id,
    externalId: e.externalId,
    primaryName: e.primaryName,
    sex: e.sex as PersonRow["sex"],
    birthDate: e.birthDate,
    birthYear: e.birthYear,
    homeRegion: e.region,
    category: e.category as PersonRow["category"],
    status: e.status as PersonRow["status"],
    statusSince: e.statusSince,
    currentFacilityId: e.facilityId,
    publicityConsent: e.consent as PersonRow["publicityConsent"],
    exchangeConsent: e.exchangeConsent as PersonRow["exchangeConsent"],
    isDemo: e.isDemo,
    updatedAt: new Date(e.updatedAt),
  };
}

const byRussian = new Intl.Collator("ru").compare;
/** Every spelling of the entry, primary first, then alphabetically (as `namesOf` lists them). */
export function spellingsOf(e: Entry): { name: string }[] {
  const others = e.names.filter((n) => n !== e.primaryName).sort(byRussian);
  return [{ name: e.primaryName }, ...others.map((name) => ({ name }))];
}

/** A registered person as the matcher compares them (reconciliation, the door's duplicate check, list guards). */
export interface RegistryPerson {
  id: string;
  externalId: string | null;
  primaryName: string;
  /** "YYYY-MM-DD", or "YYYY" when only the year is known. */
  birthDate: string | null;
  category: string;
  status: string;
  evidence: PersonEvidence;
}

/** The registry for matching: the live matcher and the people it returns, by id. */
export interface Registry {
  index: MatchIndex;
  byId: { get(id: string): RegistryPerson | undefined; has(id: string): boolean };
}

export function evidenceOf(e: Pick<Entry, "names" | "birthDate" | "birthYear" | "region" | "category" | "sex">): PersonEvidence {
  return { names: e.names, birthDate: e.birthDate ?? (e.birthYear ? String(e.birthYear) : null), region: e.region, category: e.category, sex: e.sex === "unknown" ? null : (e.sex as Sex) };
}

/** Lower case, ё as е, apostrophes dropped: what substring search compares. */
export function fold(s: string): string {
  return s.toLowerCase().replace(/ё/g, "е").replace(/['`’ʼ]/g, "");
}

// Alphabet order of both languages (ґ after г, є after е, і ї after и); ё sorts as е, as Russian dictionaries do.
const ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщъыьэюя";
// By character code (Cyrillic is U+0400–U+04FF): one array read per letter while 100,000 keys are built at start-up;
// a letter of the alphabet becomes U+0100 + its place, anything else stays itself (0: not a letter of the alphabet).
const RANK = new Uint16Array(0x500);
for (const [i, c] of [...ALPHABET].entries()) RANK[c.charCodeAt(0)] = 0x100 + i;
RANK["ё".charCodeAt(0)] = RANK["е".charCodeAt(0)]!;
const codes: number[] = [];
export function sortKey(name: string, id: string): string {
  const lower = name.toLowerCase();
  // The codes collected and made into one flat string: appending letter by letter built a rope that the build's sort
  // then flattened (the keys and their sort took 40 % longer at 100,000 people).
  codes.length = 0;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    codes.push((code < 0x500 && RANK[code]) || code);
  }
  let k = "";
  for (let i = 0; i < codes.length; i += 4096) k += String.fromCharCode(...codes.slice(i, i + 4096));
  return `${k}\u0000${id}`;
}

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
    if (matcher !== undefined) {
      const ids = matcher?.ids;
      let same = !!ids && ids.length === this.entries.size;
      if (same) {
        let i = 0;
        for (const id of this.entries.keys()) if (ids![i++] !== id) same = false;
      }
      if (same) this.matcher = MatchIndex.restore(matcher!, (id) => {
        const e = this.entries.get(id);
        return e && evidenceOf(e);
      });
      else this.rebuildMatcher();
    }
    // The keys sorted by the engine's own string order (the order of byKey: keys are unique, they end in the id),
    // then the entries looked up: half the CPU of calling a comparator 1.7 million times at 100,000 people. The
    // named profiles keep that order, so they are picked out of it rather than sorted again.
    const byKeyText = new Map<string, Entry>();
    for (const e of this.byName) byKeyText.set(e.key, e);
    const keys = [...byKeyText.keys()].sort();
    this.byName = keys.map((k) => byKeyText.get(k)!);
    this.nameSlots.reset(this.byName.map((e) => e.slot!));
    this.anonymised.sort(byId);
    this.named = this.byName.filter((e) => e.consent === "full");
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
    for (const slot of slots) {
      const e = this.trigrams.at(slot);
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

const ENTRY_FIELDS = [
  "id", "externalId", "primaryName", "key", "sex", "birthDate", "birthYear", "region", "category", "status", "consent",
  "facilityId", "updatedAt", "statusSince", "exchangeConsent", "isDemo", "photoUrl", "hay", "names",
] as const satisfies readonly (keyof Entry)[];
// A field added to Entry and not saved would come back undefined after a snapshot load: a compile error names it.
type Unsaved = Exclude<keyof Entry, (typeof ENTRY_FIELDS)[number] | "slot">;
const everyFieldSaved: [Unsaved] extends [never] ? true : { unsaved: Unsaved } = true;
void everyFieldSaved;

/** Entries from saved columns, each one object literal (one shape for all, as a build makes them). */
function entriesOf(c: unknown[][], slots: Int32Array): Entry[] {
  const out = new Array<Entry>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    out[i] = {
      id: c[0]![i] as string,
      externalId: c[1]![i] as string | null,
      primaryName: c[2]![i] as string,
      key: c[3]![i] as string,
      sex: c[4]![i] as string,
      birthDate: c[5]![i] as string | null,
      birthYear: c[6]![i] as number | null,
      region: c[7]![i] as string | null,
      category: c[8]![i] as string,
      status: c[9]![i] as string,
      consent: c[10]![i] as string,
      facilityId: c[11]![i] as string | null,
      updatedAt: c[12]![i] as number,
      statusSince: c[13]![i] as string | null,
      exchangeConsent: c[14]![i] as string,
      isDemo: c[15]![i] as boolean,
      photoUrl: c[16]![i] as string | null,
      hay: c[17]![i] as string[],
      names: c[18]![i] as string[],
      slot: slots[i]!,
    };
  }
  return out;
}

/** Variants of one typed word for the substring search: folded, and in the other script. */
export function wordVariants(word: string): string[] {
  const w = fold(word);
  const out = new Set([w]);
  if (/[a-z]/.test(w)) out.add(fold(toCyrillic(w)));
  if (/[\u0400-\u04FF]/.test(w)) {
    out.add(fold(transliterate(w, "bgn")));
    out.add(fold(transliterate(w, "ua2010")));
  }
  return [...out].filter((v) => v.length > 0);
}

// Transliteration word by word, remembered: a registry of 100,000 people has a few thousand distinct surnames and
// given names, and transliterating each spelling letter by letter was a fifth of the index's build. Equal to
// transliterating the whole spelling: the rules look at neighbouring letters only, and a space is not a letter.
const latinWords = new Map<string, string>();
function latinOf(name: string): string {
  return name
    .split(" ")
    .map((w) => {
      let t = latinWords.get(w);
      if (t === undefined) {
        if (latinWords.size > 500_000) latinWords.clear();
        latinWords.set(w, (t = transliterate(w, "bgn")));
      }
      return t;
    })
    .join(" ");
}

/** The haystack of one person: each spelling folded, and each Cyrillic one transliterated. */
export function haystackOf(names: string[]): string[] {
  const out = new Set<string>();
  for (const n of names) {
    out.add(fold(n));
    if (/[\u0400-\u04FF]/.test(n)) out.add(fold(latinOf(n)));
  }
  return [...out];
}
