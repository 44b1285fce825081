/**
 * Blocking: short Latin keys per name so that finding one person among 100,000
 * looks at a few dozen candidates instead of all of them, and MatchIndex built on them.
 *
 * Keys (all on skeletons, so every transliteration of a name gives the same keys):
 *   s:SURNAME               surname alone   } scanned only when the keys below found nobody at
 *   i:SURNAME|G             surname + initial } `match`, and only blocks under SURNAME_BLOCK_LIMIT
 *   g:SURNAME|GIVEN         surname + given-name group (Олександр and Александр share one)
 *   d:SURNAME-1|GIVEN       surname (and it with each letter deleted) + given group: one typo or transposition
 *   y:SURNAME|YEAR          surname + birth year (from evidence, when known)
 *   b:GIVEN|YEAR|S          given group + birth year + first letter of the surname
 *   f:GIVEN|SUR             given group + first three letters of the surname } wide tier: a typo that
 *   l:GIVEN|NAME            given group + last three letters of the surname  } splits a digraph (Tsiupeykh
 *                           / Tisiupeykh, Shevchuk / Shevhcuk) defeats the deletion keys, not both ends
 * A query with a birth year also looks up y: and b: under the years either side (wide tier): a year
 * typed one off and a typo in the surname together defeat every other key.
 * Two more wide keys survive a typo in the surname *and* one in the given name (or a spacing typo whose
 * repaired reading still carries a typo), whenever the row is dated:
 *   t:DATE                  full birth date (the query also under day and month swapped, and the year one off)
 *   n:YEAR|S|G              birth year + first letters of surname and given name
 */
import { parseName, surnameFormOf, type ParsedName, type ParsedToken } from "./parse.js";
import { givenKeys, isKnownGiven, type Sex } from "./givenNames.js";
import { MATCH_THRESHOLD, POSSIBLE_THRESHOLD, round3, verdictFor, type MatchResult } from "./score.js";
import { RESPACED_FACTOR, compareParsed, nearAgreement } from "./compare.js";
import { respacedVariants } from "./respace.js";
import { SEXES_DIFFER_CEILING, comparePrepared, evidenceCeiling, nameScoreBound, nameScoreNeeded, nameScoreNeededPacked, newNameCache, preparePerson, type BirthDate, type PersonEvidence, type PreparedPerson } from "./people.js";
import { Postings, type PostingsState } from "./postings.js";
import { PLAIN_MAX_TOKENS, QuickBound, isPlain, writeKeys } from "./quickBound.js";

/** Blocks bigger than this are not scanned for a surname-only key when better keys exist. */
export const SURNAME_BLOCK_LIMIT = 400;
const MIN_DELETE_LENGTH = 4;
/** Surnames (stems) at least this long also get the f: and l: keys (three letters at either end). */
const ENDS_MIN_LENGTH = 5;
const WIDE_TAGS = new Set(["i", "s", "f", "l", "t", "n"]);

function surnameTokens(p: ParsedName): ParsedToken[] {
  const full = p.tokens.filter((t) => !t.initial);
  const marked = full.filter((t) => t.role === "surname");
  // Unknown structure ("Friedrich Hans"): any non-patronymic token may be the surname.
  const loose = full.filter((t) => t.role !== "patronymic" && t.given.full.length === 0);
  const set = new Set([...marked, ...(loose.length > 0 ? loose : full.filter((t) => t.role !== "patronymic"))]);
  return [...set];
}

function givenTokens(p: ParsedName, surname: ParsedToken): ParsedToken[] {
  return p.tokens.filter((t) => t !== surname && t.role !== "patronymic");
}

export interface KeyOptions {
  birthYear?: number | null;
  /**
   * Queries only: deletion keys on the other reading of a Latin surname too (GOST Cziickaya, German
   * Tschuikzij), to meet the index's keys of the Cyrillic record, which has one reading.
   */
  altDeletions?: boolean;
  /**
   * Queries only: further birth years (a year typed one off) for which the y: and b: keys alone are
   * emitted, in the wide tier.
   */
  extraYears?: readonly number[];
  /** Full birth date "YYYY-MM-DD" (t: key), and for queries the dates one slip away (swapped, year one off). */
  birthDay?: string | null;
  extraDays?: readonly string[];
}

/**
 * Receives keys as parts — tag, first part (optionally with the letter at `skip` deleted), further
 * parts — so the index can hash them without building strings, and `nameSearchKeys` can build the
 * same keys as text: "tag:first|second|third".
 */
interface KeySink {
  key(tag: string, first: string, skip: number, second?: string, third?: string, wide?: boolean): void;
}

function forEachKey(p: ParsedName, opts: KeyOptions, sink: KeySink): void {
  const year = opts.birthYear ? String(opts.birthYear) : null;
  const extra = opts.extraYears?.filter((y) => y).map(String) ?? [];
  if (opts.birthDay) sink.key("t", opts.birthDay, -1);
  for (const d of opts.extraDays ?? []) sink.key("t", d, -1);
  for (const s of surnameTokens(p)) {
    // Stems join sex-marked and Russian/Ukrainian endings (Болюская, Болюська, Болюский).
    const stem = s.surname.stem;
    // Every reading of a Latin surname (GOST, German, French, Polish/Czech/Baltic…) keys its own stem.
    const stems = [stem];
    for (const alt of s.alts) {
      const altStem = surnameFormOf(alt).stem;
      if (!stems.includes(altStem)) stems.push(altStem);
    }
    const looseStem = surnameFormOf(s.loose).stem;
    for (const sk of stems) {
      if (sk === "") continue;
      sink.key("s", sk, -1);
      if (year) sink.key("y", sk, -1, year);
      for (const y of extra) sink.key("y", sk, -1, y, undefined, true);
    }
    // Symmetric deletions on the uncollapsed form: a key and its one-letter deletions meet for any single edit.
    // On the stem and on the whole form: a typo in the ending hides the stem (Сокоолва / Соколова).
    const loose = looseStem.length >= MIN_DELETE_LENGTH ? (s.loose !== looseStem ? [looseStem, s.loose] : [looseStem]) : [];
    if (opts.altDeletions) {
      s.alts.forEach((alt) => {
        const altStem = surnameFormOf(alt).stem;
        if (altStem.length < MIN_DELETE_LENGTH) return;
        if (!loose.includes(altStem)) loose.push(altStem);
        if (alt !== altStem && !loose.includes(alt)) loose.push(alt);
      });
    }
    for (const g of givenTokens(p, s)) {
      if (g.skel === "") continue;
      for (const sk of stems) sink.key("i", sk, -1, g.skel[0]);
      if (g.initial) continue;
      // A given name's other readings key it only when they name a known given name (Rouslan → Руслан), besides
      // the first (GOST/German) as before: the rest would multiply the keys of every surname for nothing.
      const groups = g.alts.length > 0 ? [...new Set([...givenKeys(g.skel), ...g.alts.filter((x, k) => k === 0 || isKnownGiven(x)).flatMap((x) => givenKeys(x))])] : givenKeys(g.skel);
      for (const gk of groups) {
        for (const sk of stems) {
          sink.key("g", sk, -1, gk);
          if (sk.length >= ENDS_MIN_LENGTH) {
            sink.key("f", gk, -1, sk.slice(0, 3));
            sink.key("l", gk, -1, sk.slice(-3));
          }
        }
        for (const base of loose) {
          sink.key("d", base, -1, gk);
          for (let i = 0; i < base.length; i++) {
            // Deleting either of two equal neighbours gives the same key: emit it once.
            if (i > 0 && base[i] === base[i - 1]) continue;
            sink.key("d", base, i, gk);
          }
        }
        // Given name + birth year + first letter of the surname: survives a badly typed surname.
        if (year && stem) sink.key("b", gk, -1, year, stem[0]);
        if (stem) for (const y of extra) sink.key("b", gk, -1, y, stem[0], true);
        // Birth year + first letters: survives typos in both names.
        if (year) for (const sk of stems) if (sk !== "") sink.key("n", year, -1, sk[0], gk[0]);
      }
    }
  }
}

function keysOfParsed(p: ParsedName, opts: KeyOptions = {}): string[] {
  const keys = new Set<string>();
  forEachKey(p, opts, {
    key(tag, first, skip, second, third) {
      const head = skip < 0 ? first : first.slice(0, skip) + first.slice(skip + 1);
      keys.add(`${tag}:${head}${second === undefined ? "" : `|${second}`}${third === undefined ? "" : `|${third}`}`);
    },
  });
  return [...keys];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BAR = "|".charCodeAt(0);
const COLON = ":".charCodeAt(0);

function fnv(h: number, text: string, skip = -1): number {
  for (let i = 0; i < text.length; i++) {
    if (i === skip) continue;
    h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  }
  return h;
}

/** FNV-1a over UTF-16 code units, 30 bits: a small integer for V8, so the map holds no boxed numbers. */
export function hashKey(key: string): number {
  return fnv(FNV_OFFSET, key) & 0x3fffffff;
}

/** Hashes of the keys of one name, identical to hashKey() of the text keys, without building them. */
function keyHashes(p: ParsedName, opts: KeyOptions, out: (tier: "narrow" | "wide", h: number) => void): void {
  forEachKey(p, opts, {
    key(tag, first, skip, second, third, wide) {
      let h = fnv(FNV_OFFSET, tag);
      h = Math.imul(h ^ COLON, FNV_PRIME);
      h = fnv(h, first, skip);
      if (second !== undefined) h = fnv(Math.imul(h ^ BAR, FNV_PRIME), second);
      if (third !== undefined) h = fnv(Math.imul(h ^ BAR, FNV_PRIME), third);
      out(wide || WIDE_TAGS.has(tag) ? "wide" : "narrow", h & 0x3fffffff);
    },
  });
}

/** Text keys with their hashes (tests check the two paths agree). */
export function nameKeyHashes(name: string, birthYear?: number): { keys: string[]; hashes: number[] } {
  const p = parseName(name);
  const hashes: number[] = [];
  keyHashes(p, { birthYear: birthYear ?? null }, (_, h) => hashes.push(h));
  return { keys: keysOfParsed(p, { birthYear: birthYear ?? null }), hashes };
}

/** Normalised Latin keys for one name, for storing in the database and looking up by SQL. */
export function nameSearchKeys(name: string): string[] {
  return keysOfParsed(parseName(name));
}

/**
 * People who cannot score `minScore` are set aside by a bound, not compared; whether one scores 0 or just
 * under this changes nothing: no `match` is near (whether wider keys are read depends on one), nor does a
 * respaced reading need to beat it by more than a hundredth to reach `match` (candidates).
 */
const PRUNE_BELOW = MATCH_THRESHOLD - 0.01;

/** birthCeiling of two dates two years or more apart whose day and month differ. */
const FAR_APART_CEILING = 0.45;

/** A birth date as one integer (see MatchIndex.metBirths); -1 for none. */
export function packBirth(b: BirthDate | null): number {
  return b ? (b.year << 9) | ((b.month ?? 0) << 5) | (b.day ?? 0) : -1;
}

/** Packed dates for which birthCeiling is FAR_APART_CEILING: two years or more apart, day and month not both agreeing. */
export function farApart(q: number, o: number): boolean {
  return q >= 0 && o >= 0 && Math.abs((o >> 9) - (q >> 9)) >= 2 && !((q & 0x1e0) !== 0 && (o & 0x1ff) === (q & 0x1ff));
}

/** A stated sex as a small integer (0: not stated), for MatchIndex.sexes. */
const sexCode = (sex: Sex | null): number => (sex === "male" ? 1 : sex === "female" ? 2 : sex ? 3 : 0);

/** The token keys of a person's one plain name at their position (quickBound.ts); how many, 0 when none. */
const plainKeys = (p: PreparedPerson, into: Int32Array, position: number): number =>
  p.names.length === 1 && isPlain(p.names[0]!) ? writeKeys(p.names[0]!, into, PLAIN_MAX_TOKENS * position) : 0;

/** The score entered for a person set aside unread (by the evidence or the name-score bound): never a candidate. */
const NOT_A_CANDIDATE: { readonly score: number; readonly support: number } = Object.freeze({ score: 0, support: 0 });

/** "YYYY-MM-DD" of a full birth date, else null. */
function dayKey(b: BirthDate | null): string | null {
  if (!b || b.month === null || b.day === null) return null;
  return `${b.year}-${b.month < 10 ? "0" : ""}${b.month}-${b.day < 10 ? "0" : ""}${b.day}`;
}

export interface IndexedPerson {
  id: string;
  evidence: PersonEvidence;
}

export interface Candidate extends MatchResult {
  id: string;
  /** Corroborating evidence behind the score (exact birth date, equal patronymic); breaks ties. */
  support: number;
}

export interface Resolution {
  /** The chosen person, or null when nothing reached `possible`. */
  best: Candidate | null;
  /** Verdict after ambiguity: two people matching equally well make a `match` a `possible`. */
  verdict: MatchResult["verdict"];
  alternatives: Candidate[];
  ambiguous: boolean;
}

/**
 * One decision from candidates sorted best first (from one index, or merged from several shards):
 * a `match` becomes `possible` when a rival scores within AMBIGUITY_MARGIN with at least as much
 * corroborating evidence.
 */
export function resolveCandidates(list: readonly Candidate[]): Resolution {
  const best = list[0] ?? null;
  if (!best) return { best: null, verdict: "none", alternatives: [], ambiguous: false };
  const rivals = list.slice(1).filter((c) => c.verdict === "match" && best.score - c.score < AMBIGUITY_MARGIN && c.support >= best.support);
  const ambiguous = best.verdict === "match" && rivals.length > 0;
  const verdict = ambiguous ? "possible" : verdictFor(best.score);
  const explained: Candidate = ambiguous
    ? { ...best, verdict, explanation: [...best.explanation, `ambiguous: ${rivals.length + 1} registered people match about equally well`] }
    : best;
  return { best: explained, verdict, alternatives: list.slice(1), ambiguous };
}

/** Score gap under which two `match` candidates are treated as indistinguishable namesakes. */
export const AMBIGUITY_MARGIN = 0.03;

interface QueryKeys {
  narrow: number[];
  wide: number[];
}

/** The blocking keys a query looks up (hashes, by tier). */
function queryKeys(person: PreparedPerson): QueryKeys {
  const narrow: number[] = [];
  const wide: number[] = [];
  const seen = new Set<string>();
  for (const n of person.names) {
    // A transliterated spelling usually has the same skeletons, hence the same keys: skip it.
    const shape = n.tokens.map((t) => `${t.role}:${t.skel}:${t.alts.join(",")}`).join(" ");
    if (seen.has(shape)) continue;
    seen.add(shape);
    const b = person.birth;
    const year = b?.year ?? null;
    const extraYears = year !== null ? [year - 1, year + 1] : undefined;
    const extraDays: string[] = [];
    if (b && b.month !== null && b.day !== null) {
      if (b.day <= 12 && b.day !== b.month) extraDays.push(dayKey({ year: b.year, month: b.day, day: b.month })!);
      extraDays.push(dayKey({ ...b, year: b.year - 1 })!, dayKey({ ...b, year: b.year + 1 })!);
    }
    keyHashes(n, { birthYear: year, altDeletions: true, extraYears, birthDay: dayKey(b), extraDays }, (tier, h) => (tier === "wide" ? wide : narrow).push(h));
  }
  return { narrow, wide };
}

/**
 * One record prepared for lookups in several indexes (an import looks each row up in the registry and in the
 * rows of its own file): its parse, keys and spacing repairs are worked out once, when first needed. It is
 * the record's evidence too, and any index gives the same candidates for it as for that evidence.
 */
export class MatchQuery implements PersonEvidence {
  readonly names: string[];
  readonly birthDate: string | null;
  readonly region: string | null;
  readonly category: string | null;
  readonly sex: Sex | null;
  readonly person: PreparedPerson;
  private keys: QueryKeys | null = null;
  private respacedReading: { person: PreparedPerson; keys: QueryKeys } | null | undefined;

  constructor(evidence: PersonEvidence) {
    this.names = evidence.names;
    this.birthDate = evidence.birthDate ?? null;
    this.region = evidence.region ?? null;
    this.category = evidence.category ?? null;
    this.sex = evidence.sex ?? null;
    this.person = preparePerson(evidence);
  }

  get blockingKeys(): QueryKeys {
    return (this.keys ??= queryKeys(this.person));
  }

  /** The names read with a spacing typo undone, prepared (null when there is none). */
  get respaced(): { person: PreparedPerson; keys: QueryKeys } | null {
    if (this.respacedReading === undefined) {
      const variants = this.names.flatMap((n) => respacedVariants(n));
      const person = variants.length > 0 ? preparePerson({ birthDate: this.birthDate, region: this.region, category: this.category, sex: this.sex, names: variants }) : null;
      this.respacedReading = person ? { person, keys: queryKeys(person) } : null;
    }
    return this.respacedReading;
  }
}

export class MatchIndex {
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();
  /** Prepared people by position; a restored index (`restore`) prepares its people when first met. */
  private readonly people: (PreparedPerson | undefined)[] = [];
  /** A restored index: the evidence of a position below `restoredCount`, prepared on first use. */
  private evidenceAt: ((i: number) => PersonEvidence | undefined) | null = null;
  /**
   * Key hash → registry positions. Keys are hashed (FNV-1a, 30 bits) rather than kept as strings;
   * a rare hash collision only merges two blocks (a few extra comparisons), never loses a candidate.
   */
  private postings = new Postings();
  /** One parse per distinct spelling: namesakes share it, which saves memory and lets queries memoise. */
  private readonly parsed = new Map<string, ParsedName>();
  /** Positions of removed (or replaced) people: their blocking keys stay in the postings and are skipped. */
  private readonly removed = new Set<number>();
  /**
   * Per position i: at 2i the stamp of the last scoreBlocks call that met it; at 2i + 1 the birth date packed
   * (year << 9 | month << 5 | day, 0 for an unknown month or day; -1 when no date): most people a wide key meets
   * are born years apart, and this rules them out without reading them. Side by side, so that meeting a person
   * for the first time in a query is one memory stall, not two (most people met are only that).
   */
  private metBirths = new Int32Array(2 * 1024);
  /** Per position, the stated sex (sexCode): people of the other sex are set aside without reading them. */
  private sexes = new Int8Array(1024);
  /**
   * Per position, the token keys of a person's one plain name (PLAIN_MAX_TOKENS per position) and how many
   * (0: more than one name, or not plain): quickBound.ts reads them instead of the record.
   */
  private tokenKeys = new Int32Array(PLAIN_MAX_TOKENS * 1024);
  private tokenCounts = new Int8Array(1024);
  private stamp = 0;

  private nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      for (let i = 0; i < this.metBirths.length; i += 2) this.metBirths[i] = 0;
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  constructor(entries: Iterable<IndexedPerson> = []) {
    for (const e of entries) this.add(e.id, e.evidence);
  }

  /** The prepared person at a position (a restored index prepares it now, as `add` would have). */
  private personAt(i: number): PreparedPerson {
    const known = this.people[i];
    if (known) return known;
    const evidence = this.evidenceAt?.(i);
    if (!evidence) throw new Error(`match index: no evidence for position ${i}`);
    const person = (this.people[i] = preparePerson(evidence, this.parsed));
    // Token keys are this process's (spellings numbered as parsed): a restored index writes them once it has parsed.
    this.tokenCounts[i] = plainKeys(person, this.tokenKeys, i);
    return person;
  }

  /**
   * What a saved person index keeps of the matcher (src/services/directory/snapshot.ts): the blocking keys' lists
   * and the packed birth dates by position — the part of `add` that costs (parsing, hashing) — not the prepared people.
   */
  state(): MatchIndexState {
    const n = this.people.length;
    const births = new Int32Array(n);
    for (let i = 0; i < n; i++) births[i] = this.metBirths[2 * i + 1]!;
    return { ids: this.ids, removed: [...this.removed], births, sexes: this.sexes.subarray(0, n), postings: this.postings.state() };
  }

  /**
   * An index as `state` saved it; `evidenceOf(id)` gives the evidence each live person was added with, prepared when a
   * query first meets them (preparePerson is deterministic: the same candidates, scores and order as the built one).
   */
  static restore(st: MatchIndexState, evidenceOf: (id: string) => PersonEvidence | undefined): MatchIndex {
    const m = new MatchIndex();
    const n = st.ids.length;
    if (st.births.length !== n || st.sexes.length !== n) throw new Error("match index: inconsistent saved state");
    m.ids.push(...st.ids);
    m.people.length = n;
    for (const i of st.removed) m.removed.add(i);
    for (let i = 0; i < n; i++) if (!m.removed.has(i)) m.positions.set(st.ids[i]!, i);
    const capacity = Math.max(1024, n * 2);
    m.metBirths = new Int32Array(2 * capacity);
    for (let i = 0; i < n; i++) m.metBirths[2 * i + 1] = st.births[i]!;
    m.sexes = new Int8Array(capacity);
    m.sexes.set(st.sexes);
    // Token keys are written as people are prepared (personAt): none yet.
    m.tokenCounts = new Int8Array(capacity);
    m.tokenKeys = new Int32Array(PLAIN_MAX_TOKENS * capacity);
    m.postings = Postings.fromState(st.postings);
    m.evidenceAt = (i) => (i < n && !m.removed.has(i) ? evidenceOf(st.ids[i]!) : undefined);
    return m;
  }

  get size(): number {
    return this.people.length - this.removed.size;
  }

  /** Take a person out (an edited person is removed and added again): later queries no longer find them. */
  remove(id: string): void {
    const i = this.positions.get(id);
    if (i === undefined) return;
    this.positions.delete(id);
    this.removed.add(i);
  }

  add(id: string, evidence: PersonEvidence): void {
    if (this.positions.has(id)) this.remove(id);
    const idx = this.people.length;
    const person = evidence instanceof MatchQuery ? this.adopt(evidence) : preparePerson(evidence, this.parsed);
    this.ids.push(id);
    this.positions.set(id, idx);
    this.people.push(person);
    if (this.sexes.length <= idx) {
      const capacity = this.sexes.length * 2;
      const grown = new Int32Array(2 * capacity);
      grown.set(this.metBirths);
      this.metBirths = grown;
      const sexes = new Int8Array(capacity);
      sexes.set(this.sexes);
      this.sexes = sexes;
      const counts = new Int8Array(capacity);
      counts.set(this.tokenCounts);
      this.tokenCounts = counts;
      const keys = new Int32Array(PLAIN_MAX_TOKENS * capacity);
      keys.set(this.tokenKeys);
      this.tokenKeys = keys;
    }
    this.metBirths[2 * idx + 1] = packBirth(person.birth);
    this.sexes[idx] = sexCode(person.sex);
    this.tokenCounts[idx] = plainKeys(person, this.tokenKeys, idx);
    const seen = new Set<string>();
    for (const n of person.names) {
      // A transliterated spelling usually has the same skeletons, hence the same keys: skip it.
      const shape = n.tokens.map((t) => `${t.role}:${t.skel}:${t.alts.join(",")}`).join(" ");
      if (seen.has(shape)) continue;
      seen.add(shape);
      keyHashes(n, { birthYear: person.birth?.year ?? null, birthDay: dayKey(person.birth) }, (_, h) => this.postings.add(h, idx));
    }
  }

  /** A query's preparation kept as an indexed person's (a spelling the index already holds keeps its one parse). */
  private adopt(query: MatchQuery): PreparedPerson {
    const spellings = query.names.filter((n) => n.trim() !== "");
    const names = query.person.names.map((p, k) => {
      const n = spellings[k]!;
      const known = this.parsed.get(n);
      if (known) return known;
      this.parsed.set(n, p);
      return p;
    });
    return { ...query.person, names };
  }

  /**
   * Registry positions worth comparing, in tiers: exact surname+given, typo-tolerant and
   * surname+year keys first; surname+initial and whole-surname blocks only if those found
   * nobody at `match` level. People who cannot score `floor` (at most MATCH_THRESHOLD, so that
   * whether the wider tier is read never changes) are set aside and count as scoring 0.
   */
  private scoreBlocks(
    person: PreparedPerson,
    minScore: number,
    keys: QueryKeys = queryKeys(person),
    floor = Math.min(minScore, PRUNE_BELOW),
  ): Map<number, { score: number; support: number }> {
    const { narrow, wide } = keys;
    const scores = new Map<number, { score: number; support: number }>();
    const cache = newNameCache();
    let best = 0;
    // Positions already scored in this call carry its stamp (a typed array, not a lookup in `scores`).
    const stamp = this.nextStamp();
    const met = this.metBirths;
    const removed = this.removed.size > 0 ? this.removed : null;
    // birthCeiling is 0.45 for dates two years or more apart unless day and month agree: such a person cannot
    // reach minScore, and is not scored (a person never scored counts as scoring 0, as a pruned one did).
    const q = packBirth(person.birth);
    const farApartRuledOut = q >= 0 && FAR_APART_CEILING < minScore;
    const sexes = this.sexes;
    const qs = sexCode(person.sex);
    const sexesRuleOut = qs !== 0 && SEXES_DIFFER_CEILING < minScore;
    // Without a birth date a query meets people through their names only, nearly all near enough that a bound
    // would rarely set one aside (names-only search paid 4-8 % more CPU for it): it is asked of dated queries,
    // whose birth-date keys meet people who share a date or a year and an initial, not a name.
    const bounded = person.birth !== null;
    // The bound's first test without reading the people met: for a plain name with no region or category.
    const quick = bounded && person.names.length === 1 && person.region === null && person.category === null && isPlain(person.names[0]!) ? new QuickBound(person.names[0]!) : null;
    const tokenKeys = this.tokenKeys;
    const tokenCounts = this.tokenCounts;
    let current = 0;
    const wordOf = (j: number): ParsedToken => this.personAt(current).names[0]!.tokens[j]!;
    const visit = (keys: number[], limit: number): void => {
      for (const k of keys) {
        this.postings.forEachUpTo(k, limit, (i) => {
          if (met[2 * i] === stamp) return;
          met[2 * i] = stamp;
          const o = met[2 * i + 1]!;
          if (farApartRuledOut && farApart(q, o)) return;
          if (removed?.has(i)) return;
          // evidenceCeiling from the typed arrays while it needs nothing else (most people met): two stated
          // sexes that differ, or dates under two years apart or missing (a birth ceiling of 1).
          const os = sexes[i]!;
          if (sexesRuleOut && os !== 0 && os !== qs) {
            scores.set(i, NOT_A_CANDIDATE);
            return;
          }
          const ceilingBelowOne = (q >= 0 && o >= 0 && Math.abs((o >> 9) - (q >> 9)) >= 2) || (qs !== 0 && os !== 0 && os !== qs);
          // A plain name met with an evidence ceiling of 1: the bound's first test, from token keys (quickBound.ts).
          const words = tokenCounts[i]!;
          if (quick !== null && words !== 0 && !ceilingBelowOne) {
            current = i;
            if (quick.rejects(tokenKeys, PLAIN_MAX_TOKENS * i, words, nameScoreNeededPacked(floor, q, o), wordOf)) {
              scores.set(i, NOT_A_CANDIDATE);
              return;
            }
            const r = comparePrepared(person, this.personAt(i), false, cache);
            scores.set(i, { score: r.score, support: r.support });
            if (r.score > best) best = r.score;
            return;
          }
          const other = this.personAt(i);
          if (ceilingBelowOne) {
            if (evidenceCeiling(person, other) < minScore) {
              scores.set(i, NOT_A_CANDIDATE);
              return;
            }
          }
          // Names that cannot reach the score the evidence leaves them to reach are not compared.
          const need = bounded ? nameScoreNeeded(person, other, floor) : 0;
          if (bounded && nameScoreBound(person, other, need, cache) < need) {
            scores.set(i, NOT_A_CANDIDATE);
            return;
          }
          const r = comparePrepared(person, other, false, cache);
          scores.set(i, { score: r.score, support: r.support });
          if (r.score > best) best = r.score;
        });
      }
    };
    visit(narrow, Infinity);
    if (best < MATCH_THRESHOLD) visit(wide, SURNAME_BLOCK_LIMIT);
    return scores;
  }

  /** Every indexed person scoring at least `minScore` (default `possible`), best first. */
  candidates(evidence: PersonEvidence, minScore = POSSIBLE_THRESHOLD, limit = Infinity): Candidate[] {
    // An empty index finds nobody: the query is not even prepared (an import's first rows, an empty registry).
    if (this.size === 0) return [];
    const query = evidence instanceof MatchQuery ? evidence : new MatchQuery(evidence);
    const person = query.person;
    const found = this.scoreBlocks(person, minScore, query.blockingKeys);
    let top = 0;
    for (const r of found.values()) top = Math.max(top, r.score);
    // Nobody at `match`: the names may carry a spacing typo (Deni sRiabov, Patr ushev, ILJABARANOW).
    // Their respaced readings get keys and scores of their own, a little below a clean spelling.
    const respaced = new Map<number, string>();
    let repaired: PreparedPerson | null = null;
    if (top < MATCH_THRESHOLD) {
      const reading = query.respaced;
      if (reading) {
        repaired = reading.person;
        // Only a respaced score at `match` counts: people below it are set aside by the bound.
        for (const [i, r] of this.scoreBlocks(repaired, minScore, reading.keys, MATCH_THRESHOLD)) {
          const score = round3(r.score * RESPACED_FACTOR);
          // Only a reading that then matches counts: moving spaces at random makes near misses of anything.
          if (score >= MATCH_THRESHOLD && score > (found.get(i)?.score ?? 0) + 0.01 && this.agreesCleanly(repaired, i)) {
            found.set(i, { score, support: r.support });
            respaced.set(i, query.names.join(" / "));
          }
        }
      }
    }
    const scored: Array<{ i: number; score: number; support: number }> = [];
    for (const [i, r] of found) if (r.score >= minScore) scored.push({ i, ...r });
    scored.sort((x, y) => y.score - x.score || y.support - x.support || this.ids[x.i]!.localeCompare(this.ids[y.i]!));
    return scored
      .slice(0, limit)
      .map(({ i, score, support }) =>
        respaced.has(i) && repaired ? this.candidate(repaired, i, score, support, `spacing repaired: "${respaced.get(i)}" read with a space moved, added or dropped (score × ${RESPACED_FACTOR})`) : this.candidate(person, i, score, support),
      );
  }

  /**
   * Some respaced name of `query` agrees with some name of person `i` word for word, at most with typos
   * (see nearAgreement; a typo still needs an agreeing birth date to reach `match`).
   */
  private agreesCleanly(query: PreparedPerson, i: number): boolean {
    for (const A of query.names) for (const B of this.personAt(i).names) if (nearAgreement(compareParsed(A, B))) return true;
    return false;
  }

  /**
   * A candidate whose explanation is written only when read: search-as-you-type asks for
   * hundreds of candidates and shows scores; reconciliation reads the explanation of one.
   */
  private candidate(person: PreparedPerson, i: number, score: number, support: number, note?: string): Candidate {
    let lines: string[] | null = null;
    const other = this.personAt(i);
    const c = { id: this.ids[i]!, score, verdict: verdictFor(score), support } as Candidate;
    Object.defineProperty(c, "explanation", {
      enumerable: true,
      get: () => (lines ??= note ? [note, ...comparePrepared(person, other, true).explanation] : comparePrepared(person, other, true).explanation),
    });
    return c;
  }

  /** The `limit` best candidates (explained). */
  best(evidence: PersonEvidence, limit = 5): Candidate[] {
    return this.candidates(evidence, POSSIBLE_THRESHOLD, limit);
  }

  /**
   * One decision for one incoming record: the best candidate, downgraded to `possible`
   * when another person matches about as well (namesakes without telling evidence).
   */
  resolve(evidence: PersonEvidence, limit = 5): Resolution {
    return resolveCandidates(this.best(evidence, limit));
  }

  /**
   * Probable duplicates inside the index: every pair of indexed people scoring at least
   * `minScore` against each other, once, best first (explained only for pairs returned).
   */
  duplicates(minScore = POSSIBLE_THRESHOLD): Array<{ a: string; b: string; result: Candidate }> {
    const found: Array<{ i: number; j: number; score: number }> = [];
    for (let i = 0; i < this.people.length; i++) {
      if (this.removed.has(i)) continue;
      for (const [j, r] of this.scoreBlocks(this.personAt(i), minScore)) {
        if (j > i && r.score >= minScore) found.push({ i, j, score: r.score });
      }
    }
    found.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
    return found.map(({ i, j }) => ({
      a: this.ids[i]!,
      b: this.ids[j]!,
      result: { id: this.ids[j]!, ...comparePrepared(this.personAt(i), this.personAt(j), true) },
    }));
  }

  /** Evidence of an indexed person (for dedupe and display). */
  evidenceOf(id: string): PreparedPerson | undefined {
    const i = this.positions.get(id);
    return i === undefined ? undefined : this.personAt(i);
  }
}

export interface MatchIndexState {
  ids: string[];
  removed: number[];
  births: Int32Array;
  sexes: Int8Array;
  postings: PostingsState;
}
