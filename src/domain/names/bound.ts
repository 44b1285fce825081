/**
 * Upper bounds of name scores, cheap enough to ask for every person a query meets before comparing them.
 * Most people a dated row meets through its birth-date keys (t:, n:, b:) share a birth date or year and an
 * initial, not a name, and the evidence cannot lift their names to `possible` (people.ts nameScoreNeeded:
 * born the same year on another day, a name needs 0.9). A bound below that sets such a person aside
 * without computing a single edit distance, and never changes a verdict: it is never below compareParsed.
 *
 * Token pairs already compared (the memo of compare.ts) count exactly; for the others, the letters bound
 * the edit distance: every letter of the longer word that is not paired with an equal letter costs at
 * least half an edit (a close letter, score.ts) or a whole one, so with E letters in common and C in
 * common up to close letters, distance ≥ L − (E + C) / 2.
 */
import { CLOSE_PAIRS } from "./score.js";
import {
  DIFFERENT_FATHERS_CAP, NO_CORE_FACTOR, SEX_FORM_SURNAME_SCORE, compareMemo, differentFathers, coreTokens, memoisedWith, pairWeight, particleMismatch, tokenKey, unpairedWeight, weakestPenalty,
} from "./compare.js";
import { ALT_TYPO_DISCOUNT, caseEnding } from "./tokens.js";
import { onTokenCacheClear, type ParsedName, type ParsedToken } from "./parse.js";
import type { TokenComparison } from "./tokens.js";

/**
 * Letters are counted in buckets: a–z, the lower-case Cyrillic block (written forms of Cyrillic names), and one
 * for any other character. Equal characters always share a bucket, so a shared bucket only ever raises the bound.
 */
const CYRILLIC = 0x430;
const LETTERS = 26 + 0x30 + 1;
const bucket = (code: number): number => (code >= 97 && code <= 122 ? code - 97 : code >= CYRILLIC && code < CYRILLIC + 0x30 ? 26 + code - CYRILLIC : LETTERS - 1);
/**
 * Bucket → class of letters that close substitutions join (transitively: a looser class keeps the bound
 * sound). Close letters are Latin only (score.ts): other buckets are classes of their own.
 */
const CLASS = new Int16Array(LETTERS).map((_, i) => i);
{
  const root = (x: number): number => (CLASS[x] === x ? x : root(CLASS[x]!));
  for (const p of CLOSE_PAIRS) CLASS[root(bucket(p.charCodeAt(0)))] = root(bucket(p.charCodeAt(1)));
  for (let i = 0; i < LETTERS; i++) CLASS[i] = root(i);
}
/** Per spelling: letter counts, then letter-class counts. */
const STRIDE = 2 * LETTERS;
const SKEL = 0;
const LOOSE = STRIDE;
const FOLD = 2 * STRIDE;
const LATIN = 3 * STRIDE;
/** The other readings together: of each letter, the most any one reading has. */
const ALTS = 4 * STRIDE;

interface Profile {
  counts: Uint8Array;
  /** Letters of the shortest other reading. */
  shortestAlt: number;
}

/**
 * Letter counts of the spellings of the token on the known side of many bounds (a query's words, met beside
 * every person the query meets), by spelling (tid); null for a spelling too long for byte counts (no name is).
 */
const PROFILES = new Map<number, Profile | null>();
const PROFILE_LIMIT = 10_000;
onTokenCacheClear(() => PROFILES.clear());

function count(into: Uint8Array, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) {
    const b = bucket(s.charCodeAt(i));
    into[at + b]!++;
    into[at + LETTERS + CLASS[b]!]!++;
  }
}

function profileOf(t: ParsedToken): Profile | null {
  let p = PROFILES.get(t.tid);
  if (p !== undefined) return p;
  if ([t.skel, t.loose, t.fold, t.latin, ...t.alts].some((s) => s.length > 255)) p = null;
  else {
    const counts = new Uint8Array(5 * STRIDE);
    count(counts, SKEL, t.skel);
    count(counts, LOOSE, t.loose);
    count(counts, FOLD, t.fold);
    count(counts, LATIN, t.latin);
    const one = new Uint8Array(STRIDE);
    let shortestAlt = Infinity;
    for (const alt of t.alts) {
      one.fill(0);
      count(one, 0, alt);
      for (let i = 0; i < STRIDE; i++) if (one[i]! > counts[ALTS + i]!) counts[ALTS + i] = one[i]!;
      shortestAlt = Math.min(shortestAlt, alt.length);
    }
    p = { counts, shortestAlt };
  }
  if (PROFILES.size >= PROFILE_LIMIT) PROFILES.clear();
  PROFILES.set(t.tid, p);
  return p;
}

/**
 * Scratch: how many of each bucket `common` has used, valid where USED_IN holds the current call's number
 * (so nothing is reset between calls).
 */
const USED = new Uint8Array(STRIDE);
const USED_IN = new Int32Array(STRIDE);
let call = 0;

/** Letters of y pairable with equal letters of the profiled spelling at `at`, plus those pairable up to close letters. */
function common(p: Uint8Array, at: number, y: string): number {
  if (++call === 0x7fffffff) {
    USED_IN.fill(0);
    call = 1;
  }
  let c = 0;
  for (let i = 0; i < y.length; i++) {
    const b = bucket(y.charCodeAt(i));
    if (USED_IN[b] !== call) {
      USED_IN[b] = call;
      USED[b] = 0;
    }
    if (USED[b]! < p[at + b]!) {
      USED[b]!++;
      c++;
    }
    const k = LETTERS + CLASS[b]!;
    if (USED_IN[k] !== call) {
      USED_IN[k] = call;
      USED[k] = 0;
    }
    if (USED[k]! < p[at + k]!) {
      USED[k]!++;
      c++;
    }
  }
  return c;
}

/**
 * Upper bound of spellingSimilarity(x, y + `extra` letters) from `c` = common(x, y): the extra letters (a case
 * ending) are counted as if they all agreed, and cost no first-letter penalty.
 */
function fromCommon(c: number, lx: number, ly: number, extra: number, firstDiffers: boolean): number {
  const len = Math.max(lx, ly + extra);
  if (len === 0) return 1;
  const d = Math.max(0, len - c / 2 - extra);
  // The penalties of spellingSimilarity: short names, a different first letter.
  return 1 - d / len - (len <= 4 ? 0.1 * d : 0) - (extra === 0 && firstDiffers ? 0.05 : 0);
}

/** Upper bound of `spelling(a, b)` (tokens.ts): the best over the same pairs of spellings. */
function spellingBound(a: ParsedToken, b: ParsedToken): number {
  const p = profileOf(a);
  if (p === null) return 1;
  const c = p.counts;
  const cs = common(c, SKEL, b.skel);
  let u = fromCommon(cs, a.skel.length, b.skel.length, 0, a.skel.charCodeAt(0) !== b.skel.charCodeAt(0));
  if (a.loose !== a.skel || b.loose !== b.skel) u = Math.max(u, fromCommon(common(c, LOOSE, b.loose), a.loose.length, b.loose.length, 0, a.loose.charCodeAt(0) !== b.loose.charCodeAt(0)));
  if (a.alts.length > 0) {
    // Each reading k: similarity ≤ common_k / (2 × the longer word) ≤ common of them all / (2 × the shortest such).
    const len = Math.max(p.shortestAlt, b.skel.length);
    u = Math.max(u, (len === 0 ? 1 : Math.min(1, common(c, ALTS, b.skel) / (2 * len))) - ALT_TYPO_DISCOUNT);
  }
  for (const alt of b.alts) u = Math.max(u, fromCommon(common(c, SKEL, alt), a.skel.length, alt.length, 0, a.skel.charCodeAt(0) !== alt.charCodeAt(0)) - ALT_TYPO_DISCOUNT);
  if (a.script === b.script) u = Math.max(u, fromCommon(common(c, FOLD, b.fold), a.fold.length, b.fold.length, 0, a.fold.charCodeAt(0) !== b.fold.charCodeAt(0)));
  else if (a.script !== "other" && b.script !== "other") u = Math.max(u, fromCommon(common(c, LATIN, b.latin), a.latin.length, b.latin.length, 0, a.latin.charCodeAt(0) !== b.latin.charCodeAt(0)));
  // A case ending appended to one word (caseEnding): the same letters in common, plus the ending's.
  const ea = caseEnding(a, b).length;
  if (ea > 0) u = Math.max(u, fromCommon(cs, a.skel.length, b.skel.length, ea, false) - ALT_TYPO_DISCOUNT);
  const eb = caseEnding(b, a).length;
  if (eb > 0) u = Math.max(u, fromCommon(cs, b.skel.length, a.skel.length, eb, false) - ALT_TYPO_DISCOUNT);
  // spelling() starts from a similarity clamped at 0.
  return Math.max(0, u);
}

const knowsGiven = (t: ParsedToken): boolean => t.given.full.length > 0 || t.given.diminutiveOf.length > 0;
const givenLike = (t: ParsedToken): boolean => t.role === "given" || t.role === "middle";

/** A surname pair compareTokens may call the two sexes' forms of one surname. */
const sexFormSurnames = (a: ParsedToken, b: ParsedToken): boolean =>
  a.role === "surname" && b.role === "surname" && a.surname.sex !== null && b.surname.sex !== null && a.surname.sex !== b.surname.sex && a.surname.stem === b.surname.stem;

/**
 * Upper bound of compareTokens(a, b).sim, following its rules in order; null where the exact comparison is
 * cheap or memoised soon: initials, equal spellings, and pairs the given-name table decides — two given names,
 * a misspelt given name against a known one, two patronymics, a patronymic and a given name — whose other side
 * comes from the table's few hundred names, so a list meets each such pair again and again.
 */
export function similarityBound(a: ParsedToken, b: ParsedToken): number | null {
  if (a.initial || b.initial || a.norm === b.norm || a.skel === b.skel) return null;
  if (knowsGiven(a) && knowsGiven(b)) return null;
  if (a.role === "patronymic" && b.role === "patronymic") return null;
  // Letters in common bound Андрей / Андреевич near 0.75 and Олег / Егорович at 0.33 (exactly 0.14): paired
  // crosswise, they kept most people of a row's surname and birth year (another given name, another father) in reach.
  if (a.role === "patronymic" ? givenLike(b) : b.role === "patronymic" && givenLike(a)) return null;
  if (givenLike(a) && givenLike(b) && (a.given.full.length > 0 || b.given.full.length > 0)) return null;
  // Rules that reach 1 (or near it) without a spelling distance: Arabic names' consonants, one surname's sex
  // or language forms, a reading shared by both spellings.
  if (a.abjad || b.abjad || (a.arabicName && b.arabicName)) return 1;
  if (a.surname.sex !== null && b.surname.sex !== null && a.surname.stem === b.surname.stem) return 1;
  for (const x of a.alts) if (x === b.skel || b.alts.includes(x)) return 1;
  for (const x of b.alts) if (x === a.skel) return 1;
  return spellingBound(a, b);
}

/** Names longer than this are compared without a bound (the alignments to try grow fast). */
export const MAX_BOUND_TOKENS = 4;

/**
 * What the search over pairings reads, pair (i, j) at i × n + j: each pair's similarity (or its bound), weight,
 * whether it is a core pair, whether it may be paired at all (particles) and whether pairing it caps the score
 * (patronymics naming different fathers, known exactly); each word's weight unpaired.
 * compareParsedBound fills one from parsed words, quickBound.ts one from token keys.
 */
export interface PairTable {
  sim: Float64Array<ArrayBuffer>;
  capped: Uint8Array<ArrayBuffer>;
  weight: Float64Array<ArrayBuffer>;
  core: Uint8Array<ArrayBuffer>;
  allowed: Uint8Array<ArrayBuffer>;
  extraA: Float64Array<ArrayBuffer>;
  extraB: Float64Array<ArrayBuffer>;
}

export function newPairTable(): PairTable {
  const mm = MAX_BOUND_TOKENS * MAX_BOUND_TOKENS;
  const t = { sim: new Float64Array(mm), capped: new Uint8Array(mm), weight: new Float64Array(mm), core: new Uint8Array(mm), allowed: new Uint8Array(mm), extraA: new Float64Array(MAX_BOUND_TOKENS), extraB: new Float64Array(MAX_BOUND_TOKENS) };
  t.allowed.fill(1);
  return t;
}

// The search's state (module-level: it recurses, and is never re-entered).
let SIM = new Float64Array(0);
let CAPPED = new Uint8Array(0);
let WEIGHT = new Float64Array(0);
let CORE = new Uint8Array(0);
let ALLOWED = new Uint8Array(0);
let EXTRA_A = new Float64Array(0);
let EXTRA_B = new Float64Array(0);
let m = 0;
let n = 0;
/**
 * The search's fractions, in fields of one object: V8 boxes a fraction passed as an argument or kept in a module
 * variable (a heap number per call or write: the search was a fifth of what the matching thread allocated), not
 * one in a field that only ever holds numbers. `best`: the best score so far; `enough`: the search stops once one
 * reaches this (the caller asks only whether any does); `maxDen`: the largest denominator any pairing can have;
 * `cut`: the score under which a branch is given up (see below).
 */
const S = { best: 0.5, enough: 0.5, maxDen: 0.5, cut: 0.5 };
/** The running sums by depth (NUM[i], DEN[i] and the weakest core similarity on entering word i), likewise unboxed. */
const NUM = new Float64Array(MAX_BOUND_TOKENS + 1);
const DEN = new Float64Array(MAX_BOUND_TOKENS + 1);
const WEAKEST = new Float64Array(MAX_BOUND_TOKENS + 1);

/**
 * The best score of any one-to-one pairing of the words, each pair at its bound: compareParsed scores the
 * pairing its alignment chooses, with similarities no higher, by the same formula (weighted mean over
 * pairs and unpaired words, times the weakest core pair's penalty, 0.6 without a core pair), which grows
 * with every similarity; its caps only lower a score, but for the surname in the other sex's form.
 *
 * Only maximal pairings count — none leaving a word of each name unpaired that could be paired: the alignment
 * (compare.ts align) maximises a gain that every allowed pair raises, so it never leaves two such words. And
 * a pairing that pairs patronymics naming different fathers scores at most DIFFERENT_FATHERS_CAP, as
 * compareParsed caps it. (Most people a row meets by surname and birth year have another given name and
 * another father: leaving both out once made them look like a match.)
 *
 * A branch is given up once no pairing it leads to can reach the caller's `need`: a pairing scores at most
 * 1 − loss / denominator (its loss, Σ weight × (1 − similarity) over pairs plus unpaired weights, only grows
 * as words are paired or left out, and no denominator exceeds `maxDen`), times the weakest core pair's
 * penalty so far (it only falls). Most people bounded are set aside: the search proved it over every pairing.
 */
function pairings(i: number, used: number, left: number, core: boolean, capped: boolean): void {
  if (S.best >= S.enough) return;
  const num = NUM[i]!;
  const den = DEN[i]!;
  const weakest = WEAKEST[i]!;
  const reach = (1 - (den - num) / S.maxDen) * weakestPenalty(weakest);
  if ((capped && reach > DIFFERENT_FATHERS_CAP ? DIFFERENT_FATHERS_CAP : reach) < S.cut) return;
  if (i === m) {
    let d = den;
    for (let j = 0; j < n; j++) {
      if (used & (1 << j)) continue;
      // A word of each side left unpaired that could have been paired: not the alignment's.
      for (let r = 0; r < m; r++) if (left & (1 << r) && ALLOWED[r * n + j]) return;
      d += EXTRA_B[j]!;
    }
    let f = (d > 0 ? num / d : 0) * weakestPenalty(weakest) * (core ? 1 : NO_CORE_FACTOR);
    if (capped && f > DIFFERENT_FATHERS_CAP) f = DIFFERENT_FATHERS_CAP;
    if (f > S.best) S.best = f;
    return;
  }
  const next = i + 1;
  NUM[next] = num;
  DEN[next] = den + EXTRA_A[i]!;
  WEAKEST[next] = weakest;
  pairings(next, used, left | (1 << i), core, capped);
  for (let j = 0; j < n; j++) {
    const k = i * n + j;
    if (used & (1 << j) || !ALLOWED[k]) continue;
    const s = SIM[k]!;
    // Written again for each branch: the one before may have overwritten this level's successors.
    NUM[next] = num + WEIGHT[k]! * s;
    DEN[next] = den + WEIGHT[k]!;
    WEAKEST[next] = CORE[k] && s < weakest ? s : weakest;
    pairings(next, used | (1 << j), left, core || CORE[k] === 1, capped || CAPPED[k] === 1);
  }
}

/**
 * The best pairing's score of an m × n table whose largest denominator is `den`, for a caller asking whether it
 * reaches `need` (0: the best score itself): below `need` whenever the best is (by up to the 10⁻⁸ the cut leaves
 * to rounding, the sums running in another order than compareParsed's), and at least `need` whenever the best is.
 */
export function bestPairing(t: PairTable, rows: number, cols: number, den: number, need: number): number {
  SIM = t.sim;
  CAPPED = t.capped;
  WEIGHT = t.weight;
  CORE = t.core;
  ALLOWED = t.allowed;
  EXTRA_A = t.extraA;
  EXTRA_B = t.extraB;
  m = rows;
  n = cols;
  S.best = 0;
  S.enough = need > 0 ? need : Infinity;
  S.maxDen = den > 0 ? den : 1;
  S.cut = need > 0 ? need - 1e-8 : -Infinity;
  NUM[0] = 0;
  DEN[0] = 0;
  WEAKEST[0] = 1;
  pairings(0, 0, 0, false, false);
  return S.best;
}

const TABLE = newPairTable();
let filled = 0;
let sexForm = false;

/** pairSimilarityBound's value for a pair that may be one surname in the two sexes' forms: −1 − similarity. */
export const SEX_FORM_CODE = -1;
/** pairSimilarityBound's value for patronymics known to name different fathers: 2 + similarity. */
export const FATHERS_CODE = 2;

/**
 * What fillRow reads for one pair: the exact similarity where compared before (or cheap), else its bound; as
 * −1 − it when the pair may be one surname in the two sexes' forms (see `sexForm`), as 2 + it when it is
 * patronymics naming different fathers (a pairing with it is capped).
 */
export function pairSimilarityBound(a: ParsedToken, b: ParsedToken, known: ReadonlyMap<number, TokenComparison> | undefined): number {
  let c = known?.get(tokenKey(b));
  let s: number;
  let form = false;
  if (c === undefined) {
    const u = similarityBound(a, b);
    if (u === null) c = compareMemo(a, b);
    s = u ?? c!.sim;
    if (u !== null && sexFormSurnames(a, b)) form = true;
  } else s = c.sim;
  if (c !== undefined && c.kind === "sex-form" && a.role === "surname" && b.role === "surname") form = true;
  return form ? SEX_FORM_CODE - s : c !== undefined && differentFathers(a, b, c) ? FATHERS_CODE + s : s;
}

/** Writes a pairSimilarityBound value into a table at k; whether the pair may be a surname's two sexes' forms. */
export function setPair(t: PairTable, k: number, v: number): boolean {
  t.capped[k] = v >= FATHERS_CODE ? 1 : 0;
  t.sim[k] = v < 0 ? SEX_FORM_CODE - v : v >= FATHERS_CODE ? v - FATHERS_CODE : v;
  return v < 0;
}

/** Row i of the table: each pair exact where compared before (or cheap), else bounded. */
function fillRow(ta: readonly ParsedToken[], tb: readonly ParsedToken[], i: number, cols: number): void {
  filled |= 1 << i;
  const a = ta[i]!;
  const known = memoisedWith(a);
  for (let j = 0; j < cols; j++) if (setPair(TABLE, i * cols + j, pairSimilarityBound(a, tb[j]!, known))) sexForm = true;
}

/**
 * Upper bound of compareParsed(A, B).score, for a caller asking whether the score may reach `need`: once it is
 * plain that it cannot, 0 — every word of A that cannot go unpaired (its weight beyond what `need` leaves to
 * lose) needs a partner near enough, and its row is bounded first (the surname's, for a pair born the same
 * year on another day) — and once one pairing reaches `need`, that pairing's bound. With `need` 0, the bound.
 */
export function compareParsedBound(A: ParsedName, B: ParsedName, need = 0): number {
  const ta = A.tokens;
  const tb = B.tokens;
  if (ta.length === 0 || tb.length === 0) return 0;
  if (ta.length > MAX_BOUND_TOKENS || tb.length > MAX_BOUND_TOKENS) return 1;
  const rows = ta.length;
  const cols = tb.length;
  const { sim, weight, core, allowed, extraA, extraB } = TABLE;
  // The weights depend on roles alone; the largest denominator any pairing can have.
  let den = 0;
  for (let i = 0; i < rows; i++) {
    const a = ta[i]!;
    let top = (extraA[i] = unpairedWeight(a));
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      const w = (weight[k] = pairWeight(a, tb[j]!));
      core[k] = coreTokens(a, tb[j]!) ? 1 : 0;
      allowed[k] = particleMismatch(ta, i, tb, j) ? 0 : 1;
      if (w > top) top = w;
    }
    den += top;
  }
  for (let j = 0; j < cols; j++) den += extraB[j] = unpairedWeight(tb[j]!);
  filled = 0;
  sexForm = false;
  // A pairing scoring `need` loses at most (1 − need) × its denominator: Σ weight × (1 − similarity) over
  // pairs, plus the weights of unpaired words. (Not below the score a surname in the other sex's form sets.)
  if (need > SEX_FORM_SURNAME_SCORE) {
    const slack = (1 - need) * den + 1e-9;
    for (let i = 0; i < rows; i++) {
      if (extraA[i]! <= slack) continue;
      fillRow(ta, tb, i, cols);
      let near = false;
      for (let j = 0; j < cols && !near; j++) {
        const k = i * cols + j;
        const s = sim[k]!;
        near = allowed[k] === 1 && weight[k]! * (1 - s) <= slack && (!core[k] || weakestPenalty(s) >= need - 1e-9);
      }
      if (!near) return 0;
    }
  }
  for (let i = 0; i < rows; i++) if (!(filled & (1 << i))) fillRow(ta, tb, i, cols);
  // Floating point: the sums above run in another order than compareParsed's.
  const bound = Math.min(1, bestPairing(TABLE, rows, cols, den, need)) + 1e-9;
  return sexForm ? Math.max(bound, SEX_FORM_SURNAME_SCORE) : bound;
}
