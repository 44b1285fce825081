/**
 * The name-score bound (bound.ts compareParsedBound) asked of a person an index meets without reading their
 * record: from their words' token keys, kept in typed arrays by the index, with the evidence's need worked out
 * from packed birth dates and sexes. In a first import a row meets ≈ 90 people at 100,000 whose names the bound
 * sets aside; reading each record (person, names, words, the token-pair memo's entries) was a chain of memory
 * stalls, most of the bound's cost. Here a pair of words is bounded once, across queries, and looked up after.
 *
 * Only for plain names (one to four words, no initial, no particle; one name on the other side, and a query with
 * several names asks one QuickBound per name, see blocking.ts): then the pairs,
 * weights and core pairs are compareParsedBound's, read from roles alone; its first test is the same, and the
 * search over pairings is bound.ts's (bestPairing, every pair allowed). What it holds for a pair is a bound or the exact similarity, whichever was known
 * first: both bound the score, so it never sets aside anyone who could reach it (a person it lets through is
 * compared exactly).
 */
import { DIFFERENT_FATHERS_CAP, EXTRA_TOKEN_FACTOR, ROLE_WEIGHT, SEX_FORM_SURNAME_SCORE, memoisedWith, tokenKey, weakestPenalty } from "./compare.js";
import { FATHERS_CODE, MAX_BOUND_TOKENS, SEX_FORM_CODE, bestPairing, newPairTable, pairSimilarityBound, setPair } from "./bound.js";
import { onTokenCacheClear, type ParsedName, type ParsedToken, type Role } from "./parse.js";

/** Words a plain name may have (compareParsedBound bounds names up to this long). */
export const PLAIN_MAX_TOKENS = MAX_BOUND_TOKENS;
const ROLES: Role[] = ["given", "patronymic", "surname", "middle"];

/** A name whose words the quick test can read from token keys (see the file's comment). */
export function isPlain(p: ParsedName): boolean {
  const t = p.tokens;
  if (t.length === 0 || t.length > PLAIN_MAX_TOKENS) return false;
  for (const x of t) if (x.initial || x.particle) return false;
  return true;
}

/** Token keys of a plain name into `into` at `at`; its word count. */
export function writeKeys(p: ParsedName, into: Int32Array, at: number): number {
  p.tokens.forEach((t, j) => (into[at + j] = tokenKey(t)));
  return p.tokens.length;
}


/**
 * Pair bounds across queries, by the query word's token key, then the other's (bound.ts pairSimilarityBound's
 * values, packed): a file's rows repeat their given names, patronymics and common surnames, and so do the people
 * they meet. Bounded like compare.ts's memo, and cleared with the token facts (token keys are only valid until then).
 */
const PAIRS = new Map<number, PairRow>();
let pairCount = 0;
const PAIR_LIMIT = 2_000_000;
onTokenCacheClear(() => {
  PAIRS.clear();
  pairCount = 0;
});

/** PairRow.get's answer for a word not in the row (no packed value is this large). */
const ABSENT = 0x7fffffff;

/**
 * One query word's pair bounds: the other word's token key and the packed bound side by side in one typed array,
 * open addressing. A Map's lookup read its bucket, then the entry elsewhere (two memory stalls for most pairs, each
 * row's map holding thousands of words); here one.
 */
class PairRow {
  private table = new Int32Array(32).fill(-1);
  private shift = 28;
  private count = 0;

  private slot(key: number): number {
    const t = this.table;
    const mask = (t.length >> 1) - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (t[2 * s] !== -1 && t[2 * s] !== key) s = (s + 1) & mask;
    return s;
  }

  get(key: number): number {
    const s = this.slot(key);
    return this.table[2 * s] === key ? this.table[2 * s + 1]! : ABSENT;
  }

  set(key: number, value: number): void {
    if (2 * (this.count + 1) > this.table.length >> 1) this.grow();
    const s = this.slot(key);
    if (this.table[2 * s] !== key) this.count++;
    this.table[2 * s] = key;
    this.table[2 * s + 1] = value;
  }

  clear(): void {
    this.table = new Int32Array(32).fill(-1);
    this.shift = 28;
    this.count = 0;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(2 * old.length).fill(-1);
    this.shift--;
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== -1) this.set(old[i]!, old[i + 1]!);
  }
}

/**
 * A pairSimilarityBound value as PAIRS keeps it: an integer, which V8 keeps in the map's own table (a fraction
 * would be a number object elsewhere in memory, one more stall per pair read), the similarity rounded up to a
 * multiple of 2⁻²³ — still a bound — with the two marks (sex forms: negative; different fathers: + 2²⁵).
 */
const SCALE = 1 << 23;
const FATHERS_PACKED = 1 << 25;
const pack = (v: number): number =>
  v < 0 ? -1 - Math.ceil((SEX_FORM_CODE - v) * SCALE) : v >= FATHERS_CODE ? FATHERS_PACKED + Math.ceil((v - FATHERS_CODE) * SCALE) : Math.ceil(v * SCALE);
const unpack = (p: number): number => (p < 0 ? SEX_FORM_CODE - (-1 - p) / SCALE : p >= FATHERS_PACKED ? FATHERS_CODE + (p - FATHERS_PACKED) / SCALE : p / SCALE);

const TABLE = newPairTable();
let n = 0;

/** By role code (compare.ts tokenKey: given, patronymic, surname, middle): weight unpaired; weight paired, by two codes. */
const UNPAIRED = ROLES.map((r) => (r === "patronymic" ? 0 : ROLE_WEIGHT[r] * EXTRA_TOKEN_FACTOR));
const PAIR_WEIGHT = ROLES.flatMap((a) => ROLES.map((b) => (a === b ? ROLE_WEIGHT[a] : Math.max(ROLE_WEIGHT[a], ROLE_WEIGHT[b]))));
const PATRONYMIC = ROLES.indexOf("patronymic");
const codeOfKey = (k: number): number => (k >> 1) & 3;

/** The pair read last by `sim` may be one surname in the two sexes' forms (compareParsedBound's `sexForm`). */
let sexForm = false;

export class QuickBound {
  private readonly codes: number[];
  /** Per word of the query: its row of PAIRS. */
  private readonly rows: PairRow[];

  constructor(private readonly query: ParsedName) {
    this.codes = query.tokens.map((t) => codeOfKey(tokenKey(t)));
    this.rows = query.tokens.map((t) => {
      const k = tokenKey(t);
      let row = PAIRS.get(k);
      if (!row) PAIRS.set(k, (row = new PairRow()));
      return row;
    });
  }

  /**
   * compareParsedBound(query, other, need) < need, for a plain other name given by its token keys (`keys`
   * from `at`, `n` of them); `token(j)`: its j-th word, read only for a pair of words not bounded before.
   */
  rejects(keys: Int32Array, at: number, words: number, need: number, token: (j: number) => ParsedToken): boolean {
    const m = this.codes.length;
    n = words;
    const { sim, weight, core, extraA, extraB } = TABLE;
    let den = 0;
    for (let j = 0; j < n; j++) den += extraB[j] = UNPAIRED[codeOfKey(keys[at + j]!)]!;
    for (let i = 0; i < m; i++) {
      const ca = this.codes[i]!;
      let top = (extraA[i] = UNPAIRED[ca]!);
      for (let j = 0; j < n; j++) {
        const cb = codeOfKey(keys[at + j]!);
        const k = i * n + j;
        const w = (weight[k] = PAIR_WEIGHT[4 * ca + cb]!);
        core[k] = ca !== PATRONYMIC && cb !== PATRONYMIC ? 1 : 0;
        sim[k] = -2; // not yet read
        if (w > top) top = w;
      }
      den += top;
    }
    sexForm = false;
    // The first test: a word that cannot go unpaired needs a partner near enough.
    if (need > SEX_FORM_SURNAME_SCORE) {
      const slack = (1 - need) * den + 1e-9;
      for (let i = 0; i < m; i++) {
        if (extraA[i]! <= slack) continue;
        let near = false;
        for (let j = 0; j < n && !near; j++) {
          const k = i * n + j;
          const s = this.sim(i, j, keys[at + j]!, token);
          near = weight[k]! * (1 - s) <= slack && (!core[k] || weakestPenalty(s) >= need - 1e-9);
        }
        if (!near) return true;
      }
      if (need > DIFFERENT_FATHERS_CAP && this.fathersRule(keys, at, slack, token)) return true;
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) this.sim(i, j, keys[at + j]!, token);
    // All pairs allowed (the table's default): plain names have no particles.
    const bound = Math.min(1, bestPairing(TABLE, m, n, den, need)) + 1e-9;
    return (sexForm ? Math.max(bound, SEX_FORM_SURNAME_SCORE) : bound) < need;
  }

  /**
   * The search's different-fathers rule decided from two patronymics alone, for a need above the cap (the caller's):
   * a pairing that pairs patronymics known to name different fathers scores at most DIFFERENT_FATHERS_CAP, and a
   * maximal pairing without that pair pairs one of the two with another word (it may not leave both unpaired:
   * plain names allow every pair) — so when each such pair loses more than `slack`, no pairing reaches the need.
   * Most people of a row's surname and birth year (y:) who pass the first test are set aside here, by 5 pairs of
   * words instead of all of them and the search.
   */
  private fathersRule(keys: Int32Array, at: number, slack: number, token: (j: number) => ParsedToken): boolean {
    const m = this.codes.length;
    const { weight, capped } = TABLE;
    for (let i = 0; i < m; i++) {
      if (this.codes[i] !== PATRONYMIC) continue;
      for (let j = 0; j < n; j++) {
        if (codeOfKey(keys[at + j]!) !== PATRONYMIC) continue;
        this.sim(i, j, keys[at + j]!, token);
        if (!capped[i * n + j]) continue;
        let least = Infinity;
        for (let y = 0; y < n && least > slack; y++) if (y !== j) least = Math.min(least, weight[i * n + y]! * (1 - this.sim(i, y, keys[at + y]!, token)));
        for (let x = 0; x < m && least > slack; x++) if (x !== i) least = Math.min(least, weight[x * n + j]! * (1 - this.sim(x, j, keys[at + j]!, token)));
        if (least > slack) return true;
      }
    }
    return false;
  }

  /** SIM of pair (i, j), read once per call: from PAIRS, or bounded now and kept there. */
  private sim(i: number, j: number, kb: number, token: (j: number) => ParsedToken): number {
    const k = i * n + j;
    const v = TABLE.sim[k]!;
    if (v !== -2) return v;
    const row = this.rows[i]!;
    let e = row.get(kb);
    if (e === ABSENT) {
      const a = this.query.tokens[i]!;
      e = pack(pairSimilarityBound(a, token(j), memoisedWith(a)));
      if (pairCount >= PAIR_LIMIT) {
        for (const r of PAIRS.values()) r.clear();
        pairCount = 0;
      }
      row.set(kb, e);
      pairCount++;
    }
    if (setPair(TABLE, k, unpack(e))) sexForm = true;
    return TABLE.sim[k]!;
  }
}
