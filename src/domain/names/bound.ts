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
  NO_CORE_FACTOR, SEX_FORM_SURNAME_SCORE, compareMemo, coreTokens, memoised, pairWeight, particleMismatch, unpairedWeight, weakestPenalty,
} from "./compare.js";
import { ALT_TYPO_DISCOUNT, caseEnding } from "./tokens.js";
import type { ParsedName, ParsedToken } from "./parse.js";

/**
 * Letters are counted in buckets: a–z, the Cyrillic block (written forms of Cyrillic names), and one for any
 * other character. Equal characters always share a bucket, so a shared bucket only ever raises the bound.
 */
const CYRILLIC = 0x400;
const LETTERS = 26 + 0x60 + 1;
const bucket = (code: number): number => (code >= 97 && code <= 122 ? code - 97 : code >= CYRILLIC && code < CYRILLIC + 0x60 ? 26 + code - CYRILLIC : LETTERS - 1);
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
/** Scratch counts of one word's letters and letter classes (left all zero after each use). */
const LETTER_COUNT = new Int32Array(LETTERS);
const CLASS_COUNT = new Int32Array(LETTERS);

/**
 * Upper bound of spellingSimilarity(x, y + `extra` letters): the extra letters (a case ending) are counted as
 * if they all agreed, and cost no first-letter penalty.
 */
function letterBound(x: string, y: string, extra = 0): number {
  const len = Math.max(x.length, y.length + extra);
  if (len === 0) return 1;
  for (let i = 0; i < x.length; i++) {
    const b = bucket(x.charCodeAt(i));
    LETTER_COUNT[b]!++;
    CLASS_COUNT[CLASS[b]!]!++;
  }
  let common = 0;
  for (let i = 0; i < y.length; i++) {
    const b = bucket(y.charCodeAt(i));
    if (LETTER_COUNT[b]! > 0) {
      LETTER_COUNT[b]!--;
      common++;
    }
    const c = CLASS[b]!;
    if (CLASS_COUNT[c]! > 0) {
      CLASS_COUNT[c]!--;
      common++;
    }
  }
  for (let i = 0; i < x.length; i++) {
    const b = bucket(x.charCodeAt(i));
    LETTER_COUNT[b] = 0;
    CLASS_COUNT[CLASS[b]!] = 0;
  }
  const d = Math.max(0, len - common / 2 - extra);
  // The penalties of spellingSimilarity: short names, a different first letter (not for an appended ending).
  return 1 - d / len - (len <= 4 ? 0.1 * d : 0) - (extra === 0 && x.charCodeAt(0) !== y.charCodeAt(0) ? 0.05 : 0);
}

/** Upper bound of `spelling(a, b)` (tokens.ts): the best over the same pairs of spellings. */
function spellingBound(a: ParsedToken, b: ParsedToken): number {
  let u = letterBound(a.skel, b.skel);
  if (a.loose !== a.skel || b.loose !== b.skel) u = Math.max(u, letterBound(a.loose, b.loose));
  for (const alt of a.alts) u = Math.max(u, letterBound(alt, b.skel) - ALT_TYPO_DISCOUNT);
  for (const alt of b.alts) u = Math.max(u, letterBound(a.skel, alt) - ALT_TYPO_DISCOUNT);
  if (a.script === b.script) u = Math.max(u, letterBound(a.fold, b.fold));
  else if (a.script !== "other" && b.script !== "other") u = Math.max(u, letterBound(a.latin, b.latin));
  const ea = caseEnding(a, b).length;
  if (ea > 0) u = Math.max(u, letterBound(a.skel, b.skel, ea) - ALT_TYPO_DISCOUNT);
  const eb = caseEnding(b, a).length;
  if (eb > 0) u = Math.max(u, letterBound(b.skel, a.skel, eb) - ALT_TYPO_DISCOUNT);
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
 * a misspelt given name against a known one, two patronymics — whose other side comes from the table's few
 * hundred names, so a list meets each such pair again and again.
 */
export function similarityBound(a: ParsedToken, b: ParsedToken): number | null {
  if (a.initial || b.initial || a.norm === b.norm || a.skel === b.skel) return null;
  if (knowsGiven(a) && knowsGiven(b)) return null;
  if (a.role === "patronymic" && b.role === "patronymic") return null;
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
const MAX_BOUND_TOKENS = 4;
const SIM = new Float64Array(MAX_BOUND_TOKENS * MAX_BOUND_TOKENS);
const WEIGHT = new Float64Array(MAX_BOUND_TOKENS * MAX_BOUND_TOKENS);
const CORE = new Uint8Array(MAX_BOUND_TOKENS * MAX_BOUND_TOKENS);
const ALLOWED = new Uint8Array(MAX_BOUND_TOKENS * MAX_BOUND_TOKENS);
const EXTRA_A = new Float64Array(MAX_BOUND_TOKENS);
const EXTRA_B = new Float64Array(MAX_BOUND_TOKENS);
let m = 0;
let n = 0;
let best = 0;

/**
 * The best score of any one-to-one pairing of the words, each pair at its bound: compareParsed scores the
 * pairing its alignment chooses, with similarities no higher, by the same formula (weighted mean over
 * pairs and unpaired words, times the weakest core pair's penalty, 0.6 without a core pair), which grows
 * with every similarity; its caps only lower a score, but for the surname in the other sex's form.
 */
function pairings(i: number, used: number, num: number, den: number, weakest: number, core: boolean): void {
  if (i === m) {
    let d = den;
    for (let j = 0; j < n; j++) if (!(used & (1 << j))) d += EXTRA_B[j]!;
    const f = (d > 0 ? num / d : 0) * weakestPenalty(weakest) * (core ? 1 : NO_CORE_FACTOR);
    if (f > best) best = f;
    return;
  }
  pairings(i + 1, used, num, den + EXTRA_A[i]!, weakest, core);
  for (let j = 0; j < n; j++) {
    const k = i * n + j;
    if (used & (1 << j) || !ALLOWED[k]) continue;
    const s = SIM[k]!;
    pairings(i + 1, used | (1 << j), num + WEIGHT[k]! * s, den + WEIGHT[k]!, CORE[k] && s < weakest ? s : weakest, core || CORE[k] === 1);
  }
}

let filled = 0;
let sexForm = false;

/** Row i of SIM: each pair exact where compared before (or cheap), else bounded. */
function fillRow(ta: readonly ParsedToken[], tb: readonly ParsedToken[], i: number): void {
  filled |= 1 << i;
  const a = ta[i]!;
  for (let j = 0; j < n; j++) {
    const b = tb[j]!;
    let c = memoised(a, b);
    let s: number;
    if (c === undefined) {
      const u = similarityBound(a, b);
      if (u === null) c = compareMemo(a, b);
      s = u ?? c!.sim;
      if (u !== null && sexFormSurnames(a, b)) sexForm = true;
    } else s = c.sim;
    if (c !== undefined && c.kind === "sex-form" && a.role === "surname" && b.role === "surname") sexForm = true;
    SIM[i * n + j] = s;
  }
}

/**
 * Upper bound of compareParsed(A, B).score — or 0 once it is plain that the score is below `need`: every word
 * of A that cannot go unpaired (its weight beyond what `need` leaves to lose) needs a partner near enough, and
 * its row is bounded first (the surname's, for a pair born the same year on another day), before any other.
 */
export function compareParsedBound(A: ParsedName, B: ParsedName, need = 0): number {
  const ta = A.tokens;
  const tb = B.tokens;
  if (ta.length === 0 || tb.length === 0) return 0;
  if (ta.length > MAX_BOUND_TOKENS || tb.length > MAX_BOUND_TOKENS) return 1;
  m = ta.length;
  n = tb.length;
  // The weights depend on roles alone; the largest denominator any pairing can have.
  let den = 0;
  for (let i = 0; i < m; i++) {
    const a = ta[i]!;
    EXTRA_A[i] = unpairedWeight(a);
    let top = EXTRA_A[i]!;
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      WEIGHT[k] = pairWeight(a, tb[j]!);
      CORE[k] = coreTokens(a, tb[j]!) ? 1 : 0;
      ALLOWED[k] = particleMismatch(ta, i, tb, j) ? 0 : 1;
      if (WEIGHT[k]! > top) top = WEIGHT[k]!;
    }
    den += top;
  }
  for (let j = 0; j < n; j++) {
    EXTRA_B[j] = unpairedWeight(tb[j]!);
    den += EXTRA_B[j]!;
  }
  filled = 0;
  sexForm = false;
  // A pairing scoring `need` loses at most (1 − need) × its denominator: Σ weight × (1 − similarity) over
  // pairs, plus the weights of unpaired words. (Not below the score a surname in the other sex's form sets.)
  if (need > SEX_FORM_SURNAME_SCORE) {
    const slack = (1 - need) * den + 1e-9;
    for (let i = 0; i < m; i++) {
      if (EXTRA_A[i]! <= slack) continue;
      fillRow(ta, tb, i);
      let near = false;
      for (let j = 0; j < n && !near; j++) {
        const k = i * n + j;
        const sim = SIM[k]!;
        near = ALLOWED[k] === 1 && WEIGHT[k]! * (1 - sim) <= slack && (!CORE[k] || weakestPenalty(sim) >= need - 1e-9);
      }
      if (!near) return 0;
    }
  }
  for (let i = 0; i < m; i++) if (!(filled & (1 << i))) fillRow(ta, tb, i);
  best = 0;
  pairings(0, 0, 0, 0, 1, false);
  // Floating point: the sums above run in another order than compareParsed's.
  const bound = Math.min(1, best) + 1e-9;
  return sexForm ? Math.max(bound, SEX_FORM_SURNAME_SCORE) : bound;
}
