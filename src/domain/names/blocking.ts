/**
 * MatchIndex: people by blocking key (blockingKeys.ts), searched in tiers — exact surname+given, typo-tolerant
 * and surname+year keys first, the wide keys only when those found nobody at `match` — with everyone met set
 * aside unread where the birth dates, sexes or the name-score bound (bound.ts, quickBound.ts) show they cannot
 * reach the score asked for; MatchQuery, one record prepared once for searches in several indexes.
 */
import type { ParsedName, ParsedToken } from "./parse.js";
import type { Sex } from "./givenNames.js";
import { MATCH_THRESHOLD, POSSIBLE_THRESHOLD, round3, verdictFor } from "./score.js";
import { RESPACED_FACTOR, compareParsed, nearAgreement } from "./compare.js";
import { SEXES_DIFFER_CEILING, comparePrepared, evidenceCeiling, nameScoreBound, nameScoreNeeded, nameScoreNeededPacked, newNameCache, preparePerson, type BirthDate, type PersonEvidence, type PreparedPerson } from "./people.js";
import { Postings, type PostingsState } from "./postings.js";
import { PLAIN_MAX_TOKENS, QuickBound, isPlain, writeKeys } from "./quickBound.js";
import { personKeys, queryKeys, type QueryKeys } from "./blockingKeys.js";
import { resolveCandidates, type Candidate, type IndexedPerson, type Resolution } from "./candidates.js";
import { MatchQuery } from "./matchQuery.js";

export { hashKey, nameKeyHashes, nameSearchKeys } from "./blockingKeys.js";
export { AMBIGUITY_MARGIN, resolveCandidates, type Candidate, type IndexedPerson, type Resolution } from "./candidates.js";
export { MatchQuery } from "./matchQuery.js";

/** Blocks bigger than this are not scanned for a surname-only key when better keys exist. */
export const SURNAME_BLOCK_LIMIT = 400;

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

/** A query with more names than this is bounded person by person (respacedVariants makes at most 16). */
const MAX_QUICK_NAMES = 16;

/** The score entered for a person set aside unread (by the evidence or the name-score bound): never a candidate. */
const NOT_A_CANDIDATE: { readonly score: number; readonly support: number } = Object.freeze({ score: 0, support: 0 });

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
    if (!this.removed.size) return { ids: this.ids, removed: [], births, sexes: this.sexes.subarray(0, n), postings: this.postings.state() };
    // Nothing of a removed (erased, merged) person: their id, birth date, sex and keys outlived an erasure in snapshots.
    const ids = this.ids.slice();
    const sexes = this.sexes.slice(0, n);
    for (const i of this.removed) [ids[i], births[i], sexes[i]] = ["", -1, 0];
    return { ids, removed: [...this.removed], births, sexes, postings: this.postings.without(this.removed).state() };
  }

  /**
   * An index as `state` saved it; `evidenceOf(id)` gives the evidence each live person was added with, prepared when a
   * query first meets them (preparePerson is deterministic: the same candidates, scores and order as the built one).
   * `adopt`: the state's lists are this index's alone from now on (Postings.fromState).
   */
  static restore(st: MatchIndexState, evidenceOf: (id: string) => PersonEvidence | undefined, adopt = false): MatchIndex {
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
    m.postings = Postings.fromState(st.postings, adopt);
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
    // Never read again (a query skips removed positions): an erased person's names are let go.
    this.people[i] = undefined;
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
    // A query's keys include the ones it is indexed under (own): not worked out again for the row an import creates.
    if (evidence instanceof MatchQuery) for (const h of evidence.blockingKeys.own) this.postings.add(h, idx);
    else personKeys(person, (h) => this.postings.add(h, idx));
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
    // The bound's first test without reading the people met: for plain names with no region or category. A query
    // with several names (a row's spacing repairs: up to 16 readings) sets a person aside when every one of its
    // names does — nameScoreBound takes the best over some of them, so never less strictly than that.
    const quick =
      bounded && person.names.length > 0 && person.names.length <= MAX_QUICK_NAMES && person.region === null && person.category === null && person.names.every(isPlain)
        ? person.names.map((n) => new QuickBound(n))
        : null;
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
            const need = nameScoreNeededPacked(floor, q, o);
            let rejected = true;
            for (let k = 0; k < quick.length && rejected; k++) rejected = quick[k]!.rejects(tokenKeys, PLAIN_MAX_TOKENS * i, words, need, wordOf);
            if (rejected) {
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
