/**
 * Whole-name comparison: token alignment, structure-aware scoring and caps,
 * and the plain-English explanation. People (names + other evidence) are in people.ts.
 */
import { onTokenCacheClear, parseName, type ParsedName, type ParsedToken, type Role } from "./parse.js";
import { compareTokens, typoSimilarity, type TokenComparison } from "./tokens.js";
import { respacedVariants } from "./respace.js";
import { wadeGilesReading } from "./chinese.js";
import { MATCH_THRESHOLD, POSSIBLE_THRESHOLD, round3, verdictFor, type MatchResult } from "./score.js";

/**
 * With names alone, a difference no spelling rule explains (a letter or two: Яшин / Яхин, Domnin /
 * Domnich), or an equality that rests on a reading giving two Cyrillic spellings one Latin (German
 * Sakharov = Захаров as well as Сахаров), keeps a pair at `possible` however small the difference:
 * a birth date (people.ts) lifts it; a patronymic or region alone does not.
 */
export const NAMES_ONLY_CAP = round3(MATCH_THRESHOLD - 0.01);


/**
 * With names alone (no agreeing birth date), a surname or given name that differs beyond a typo
 * (differentNames: Mendeleev / Medvedev, Daniel / Donald Tusk, A. / Nursultan Nazarbayev) makes the pair
 * no candidate: the other names agreeing is what any two namesakes share.
 */
export const NAMES_ALONE_DIFFERENT = round3(POSSIBLE_THRESHOLD - 0.01);

/**
 * A surname or given-name pair that a typo would have to change by more than a third (plain edit
 * similarity below this) is two names, not a misspelt one: Teyuk / Выук, KITROOVIČS / Назарович.
 */
const TYPO_MIN = 2 / 3;

export const ROLE_WEIGHT: Record<Role, number> = { surname: 1, given: 0.8, patronymic: 0.35, middle: 0.5 };
/** Extra tokens present on one side only count for this share of their weight. */
export const EXTRA_TOKEN_FACTOR = 0.35;
export const MAX_TOKENS = 8;

interface Pair {
  a: ParsedToken;
  b: ParsedToken;
  cmp: TokenComparison;
  weight: number;
}

export interface NameComparison {
  score: number;
  pairs: Pair[];
  unmatched: ParsedToken[];
  caps: string[];
  /** Why names alone cannot make this pair a `match` (NAMES_ONLY_CAP applied), or null. */
  namesOnly: string | null;
  /** Both names have more than one word (see differentNames). */
  multiWord: boolean;
}

/** A connecting particle (al, bin, de, oglu…: parse.ts), weighed little and paired only with a particle. */
export const isParticle = (t: ParsedToken): boolean => t.particle;
export const PARTICLE_WEIGHT = 0.15;

export function pairWeight(a: ParsedToken, b: ParsedToken): number {
  if (isParticle(a) || isParticle(b)) return PARTICLE_WEIGHT;
  if (a.initial || b.initial) return 0.5;
  return a.role === b.role ? ROLE_WEIGHT[a.role] : Math.max(ROLE_WEIGHT[a.role], ROLE_WEIGHT[b.role]);
}

// Reused DP buffers (align runs millions of times in a reconcile; names have at most MAX_TOKENS tokens).
const DP_A = new Float64Array(1 << MAX_TOKENS);
const DP_B = new Float64Array(1 << MAX_TOKENS);
const CHOICE = new Int8Array(MAX_TOKENS << MAX_TOKENS);
const GAIN = new Float64Array(MAX_TOKENS * MAX_TOKENS);
const WEIGHT = new Float64Array(MAX_TOKENS * MAX_TOKENS);
const CMP: TokenComparison[] = new Array<TokenComparison>(MAX_TOKENS * MAX_TOKENS);

/**
 * Token comparisons, memoised across queries: keyed by both tokens' spellings (tid), roles and
 * Arabic-name flags, which is all compareTokens reads. A registry repeats spellings (Александр,
 * Иванов) across the people one query meets, and a list repeats them across its rows: a reconcile
 * of 10,000 rows meets each given-name pair thousands of times. Bounded: cleared when full.
 */
const TOKEN_PAIRS = new Map<number, Map<number, TokenComparison>>();
let tokenPairCount = 0;
const TOKEN_PAIR_LIMIT = 2_000_000;
onTokenCacheClear(() => {
  TOKEN_PAIRS.clear();
  tokenPairCount = 0;
});

const ROLE_CODE: Record<Role, number> = { given: 0, patronymic: 1, surname: 2, middle: 3 };
export const tokenKey = (t: ParsedToken): number => t.tid * 8 + ROLE_CODE[t.role] * 2 + (t.arabicName ? 1 : 0);

/** The comparisons of `a` memoised so far, by tokenKey of the other token (bound.ts: exact where known, bounded where not). */
export function memoisedWith(a: ParsedToken): ReadonlyMap<number, TokenComparison> | undefined {
  return TOKEN_PAIRS.get(tokenKey(a));
}

/**
 * A particle between two words (al, bin, de) pairs only with a particle: "AL" set against "BINALSHIBH"
 * would let the real surname beside it go unpaired, unpenalised. At either end of a name the word is a
 * name (Ben Netanyahu, KO TAE BIN).
 */
export function particleMismatch(A: readonly ParsedToken[], i: number, B: readonly ParsedToken[], j: number): boolean {
  return (isParticle(A[i]!) && i > 0 && i < A.length - 1) !== (isParticle(B[j]!) && j > 0 && j < B.length - 1);
}

export function compareMemo(a: ParsedToken, b: ParsedToken): TokenComparison {
  const ka = tokenKey(a);
  let byB = TOKEN_PAIRS.get(ka);
  if (!byB) TOKEN_PAIRS.set(ka, (byB = new Map()));
  const kb = tokenKey(b);
  let c = byB.get(kb);
  if (!c) {
    if (tokenPairCount >= TOKEN_PAIR_LIMIT) {
      TOKEN_PAIRS.clear();
      tokenPairCount = 0;
      TOKEN_PAIRS.set(ka, byB);
    }
    byB.set(kb, (c = compareTokens(a, b)));
    tokenPairCount++;
  }
  return c;
}

/** Best one-to-one alignment of tokens (bitmask DP over the second name's tokens). */
function align(A: ParsedToken[], B: ParsedToken[]): Pair[] {
  const m = A.length;
  const n = B.length;
  const cmp = CMP;
  const w = WEIGHT;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const c = compareMemo(A[i]!, B[j]!);
      const wt = pairWeight(A[i]!, B[j]!);
      cmp[i * n + j] = c;
      w[i * n + j] = wt;
      // Small bonus keeps same-role pairs together when scores tie. A patronymic set against a given
      // name is weighed as a patronymic when choosing the alignment: otherwise "Sergej Sergejewitsch" /
      // "Сергей Сергеевич" would pair crosswise (two 0.75 spellings at the given name's weight).
      const crossPatronymic = A[i]!.role !== B[j]!.role && (A[i]!.role === "patronymic" || B[j]!.role === "patronymic");
      GAIN[i * n + j] = particleMismatch(A, i, B, j) ? -1 : (crossPatronymic ? ROLE_WEIGHT.patronymic : wt) * Math.max(c.sim, c.affinity ?? 0) + (A[i]!.role === B[j]!.role ? 0.001 : 0) + 0.0001;
    }
  }
  const size = 1 << n;
  let dp = DP_A;
  let next = DP_B;
  dp.fill(-1, 0, size);
  dp[0] = 0;
  for (let i = 0; i < m; i++) {
    next.fill(-1, 0, size);
    const row = i * size;
    CHOICE.fill(-2, row, row + size);
    for (let mask = 0; mask < size; mask++) {
      const base = dp[mask]!;
      if (base < 0) continue;
      if (base > next[mask]!) {
        next[mask] = base;
        CHOICE[row + mask] = -1;
      }
      for (let j = 0; j < n; j++) {
        if (mask & (1 << j)) continue;
        const nm = mask | (1 << j);
        const v = base + GAIN[i * n + j]!;
        if (v > next[nm]!) {
          next[nm] = v;
          CHOICE[row + nm] = j;
        }
      }
    }
    const t = dp;
    dp = next;
    next = t;
  }
  let best = 0;
  for (let mask = 0; mask < size; mask++) if (dp[mask]! > dp[best]!) best = mask;
  const pairs: Pair[] = [];
  let mask = best;
  for (let i = m - 1; i >= 0; i--) {
    const j = CHOICE[i * size + mask]!;
    if (j >= 0) {
      pairs.push({ a: A[i]!, b: B[j]!, cmp: cmp[i * n + j]!, weight: w[i * n + j]! });
      mask &= ~(1 << j);
    }
  }
  return pairs.reverse();
}

function paired(pairs: Pair[], t: ParsedToken, first: boolean): boolean {
  for (const p of pairs) if ((first ? p.a : p.b) === t) return true;
  return false;
}

/** A pair of names' core words: no patronymic, initial or particle (the weakest drags the name down). */
export const coreTokens = (a: ParsedToken, b: ParsedToken): boolean =>
  a.role !== "patronymic" && b.role !== "patronymic" && !a.initial && !b.initial && !isParticle(a) && !isParticle(b);
const coreRole = (p: Pair): boolean => coreTokens(p.a, p.b);

/** How much one weak core pair drags the whole name down. */
export function weakestPenalty(sim: number): number {
  return sim >= 0.8 ? 1 : 0.5 + (0.5 * sim) / 0.8;
}

/** A word left unpaired weighs this in the score's denominator (a patronymic or an initial nothing). */
export function unpairedWeight(t: ParsedToken): number {
  if (t.role === "patronymic" || t.initial) return 0;
  return (isParticle(t) ? PARTICLE_WEIGHT : ROLE_WEIGHT[t.role]) * EXTRA_TOKEN_FACTOR;
}

/** Only initials or patronymics agree: the name score is scaled by this. */
export const NO_CORE_FACTOR = 0.6;

/** The score a pair of names cannot exceed once its alignment pairs patronymics naming different fathers. */
export const DIFFERENT_FATHERS_CAP = 0.55;
export const differentFathers = (a: ParsedToken, b: ParsedToken, c: TokenComparison): boolean =>
  c.kind === "different-name" && (a.role === "patronymic" || b.role === "patronymic");

/** The score a surname in the other sex's form sets beside an otherwise equal name (a clerical error worth a look). */
export const SEX_FORM_SURNAME_SCORE = POSSIBLE_THRESHOLD + 0.01;

export function compareParsed(A: ParsedName, B: ParsedName): NameComparison {
  const ta = A.tokens.length > MAX_TOKENS ? A.tokens.slice(0, MAX_TOKENS) : A.tokens;
  const tb = B.tokens.length > MAX_TOKENS ? B.tokens.slice(0, MAX_TOKENS) : B.tokens;
  if (ta.length === 0 || tb.length === 0) return { score: 0, pairs: [], unmatched: [...ta, ...tb], caps: ["a name is empty"], namesOnly: null, multiWord: false };
  const pairs = align(ta, tb);
  // Plain loops: this runs for every candidate a query meets.
  const unmatched: ParsedToken[] = [];
  for (const t of ta) if (!paired(pairs, t, true)) unmatched.push(t);
  for (const t of tb) if (!paired(pairs, t, false)) unmatched.push(t);
  let num = 0;
  let den = 0;
  for (const p of pairs) {
    num += p.weight * p.cmp.sim;
    den += p.weight;
  }
  for (const t of unmatched) den += unpairedWeight(t);
  let score = den > 0 ? num / den : 0;
  const core: Pair[] = [];
  let weakest = 1;
  for (const p of pairs) {
    if (!coreRole(p)) continue;
    core.push(p);
    if (p.cmp.sim < weakest) weakest = p.cmp.sim;
  }
  score *= weakestPenalty(weakest);
  if (core.length === 0) score *= NO_CORE_FACTOR; // only initials or patronymics agree
  const caps: string[] = [];
  for (const p of pairs) {
    if (p.cmp.kind === "sex-form") {
      const othersStrong = pairs.every((q) => q === p || q.cmp.sim >= 0.95);
      const surnameOnly = p.a.role === "surname" && p.b.role === "surname";
      if (surnameOnly && othersStrong && pairs.length >= 2) {
        // Same given name, surname in the other sex's form: a likely clerical error, worth a look.
        score = SEX_FORM_SURNAME_SCORE;
        caps.push("surname is in the other sex's form while the rest agrees: check the record");
      } else {
        score = Math.min(score, 0.3);
        caps.push("names are marked for different sexes");
      }
    } else if (differentFathers(p.a, p.b, p.cmp)) {
      score = Math.min(score, DIFFERENT_FATHERS_CAP);
      caps.push("patronymics name different fathers");
    }
  }
  const lineage = lineageSwap(A, B, ta, tb, pairs);
  if (lineage !== null) {
    score = Math.min(score, 0.55);
    caps.push(lineage);
  }
  // The reason is written only for a pair near a match (most pairs a query meets are far from one).
  let namesOnly: string | null = null;
  if (score >= POSSIBLE_THRESHOLD) {
    for (const p of core) {
      // "different" below 0.75 too: HAMID / GHANI (0.7) is no spelling rule either, and five equal words beside
      // it must not carry it to `match`.
      if ((p.cmp.kind === "spelling" || p.cmp.kind === "different") && p.cmp.sim < 1) namesOnly ??= `${p.a.raw} / ${p.b.raw} differ in a way no spelling rule explains`;
      else if (p.cmp.ambiguousReading) namesOnly ??= `${p.a.raw} / ${p.b.raw} are equal only under a spelling that gives two Cyrillic names one Latin form`;
    }
    if (namesOnly === null && unanchoredOrder(A, B, core)) namesOnly = `${A.input} / ${B.input} have their words in another order and nothing shows which is the surname`;
  }
  if (namesOnly !== null && score > NAMES_ONLY_CAP) {
    score = NAMES_ONLY_CAP;
    caps.push(`${namesOnly}: names alone are not enough for a match`);
  }
  return { score: Math.max(0, Math.min(1, score)), pairs, unmatched, caps, namesOnly, multiWord: ta.length > 1 && tb.length > 1 };
}

/**
 * Two names whose words stand in another order (Friedrich Hans / Hans Friedrich) where nothing shows
 * which word is the surname: no known given name or diminutive, no patronymic, no sex-marked surname
 * ending, no comma. Swapped order is normal in Russian records, where such anchors almost always exist;
 * without one, two people named Hans Friedrich and Friedrich Hans are as likely as one.
 */
function unanchoredOrder(A: ParsedName, B: ParsedName, core: Pair[]): boolean {
  if (core.length < 2 || A.commaSurname || B.commaSurname || anchored(A) || anchored(B)) return false;
  for (let x = 0; x < core.length; x++) {
    for (let y = x + 1; y < core.length; y++) {
      const ia = A.tokens.indexOf(core[x]!.a) - A.tokens.indexOf(core[y]!.a);
      const ib = B.tokens.indexOf(core[x]!.b) - B.tokens.indexOf(core[y]!.b);
      if (ia * ib < 0) return true;
    }
  }
  return false;
}

/** A word that shows the name's structure: a known given name or diminutive, a patronymic, a sex-marked surname ending. */
function anchored(p: ParsedName): boolean {
  for (const t of p.tokens) if (t.given.full.length > 0 || t.given.diminutiveOf.length > 0 || t.role === "patronymic" || t.surname.sex !== null) return true;
  return false;
}

const LINEAGE = new Set(["bin", "ibn", "ben", "bint", "binti"]);

/**
 * The person's own name (the word before bin / ibn) and the father's (the word after it), in a name with
 * one such particle inside it, written in its own order (no comma). Chains (Isa bin Tarif Al bin Ali)
 * and reordered names are left alone: which word is whose is no longer plain.
 */
function lineageRoles(p: ParsedName, tokens: ParsedToken[]): { son: ParsedToken; father: ParsedToken } | null {
  if (p.commaSurname) return null;
  let at = -1;
  for (let i = 1; i < tokens.length - 1; i++) {
    if (!LINEAGE.has(tokens[i]!.fold)) continue;
    if (at >= 0) return null;
    at = i;
  }
  if (at < 0) return null;
  let s = at - 1;
  while (s > 0 && isParticle(tokens[s]!)) s--;
  let f = at + 1;
  while (f < tokens.length - 1 && isParticle(tokens[f]!)) f++;
  return isParticle(tokens[s]!) || isParticle(tokens[f]!) ? null : { son: tokens[s]!, father: tokens[f]! };
}

/**
 * In an Arabic name the word after bin / ibn is the father's name: SALMAN BIN MUHAMMAD (Salman, son of
 * Muhammad) and MUHAMMAD BIN SALMAN are father and son, whatever else they share. A pair that sets one
 * name's own name against the other's father's name says so, or null.
 */
function lineageSwap(A: ParsedName, B: ParsedName, ta: ParsedToken[], tb: ParsedToken[], pairs: Pair[]): string | null {
  if (!ta.some((t) => LINEAGE.has(t.fold)) || !tb.some((t) => LINEAGE.has(t.fold))) return null;
  const la = lineageRoles(A, ta);
  const lb = lineageRoles(B, tb);
  if (!la || !lb) return null;
  for (const p of pairs) {
    if (p.cmp.sim < 0.75) continue;
    if ((p.a === la.son && p.b === lb.father) || (p.a === la.father && p.b === lb.son)) {
      return `${p.a.raw} is the father's name (after bin) in one name and the person's own name in the other`;
    }
  }
  return null;
}

/**
 * A surname or given name that differs beyond a typo (Teyuk / Выук, Oleg / Alexei), or null: no other
 * evidence (birth date, region) makes such a pair a `match` (people.ts caps it at NAMES_ONLY_CAP).
 * Computed only when other evidence would lift the pair to `match`.
 */
export function differentNames(c: NameComparison): string | null {
  if (!c.multiWord) return null;
  for (const p of c.pairs) {
    // An initial that fits no form of the other side's name (A. / Nursultan, O / Joachim) is another name.
    if ((p.a.initial || p.b.initial) && p.cmp.kind === "different" && !isParticle(p.a) && !isParticle(p.b)) return `${p.a.raw} / ${p.b.raw} are different names`;
    const named = p.a.role === "surname" || p.b.role === "surname" || coreRole(p);
    if (named && !p.a.initial && !p.b.initial && !isParticle(p.a) && !isParticle(p.b) && p.cmp.sim < TYPO_MIN && p.cmp.kind !== "sex-form" && typoSimilarity(p.a, p.b) < TYPO_MIN) {
      return `${p.a.raw} / ${p.b.raw} are different names`;
    }
  }
  return null;
}

const ROLE_ORDER: Record<Role, number> = { surname: 0, given: 1, patronymic: 2, middle: 3 };

function roleLabel(p: Pair): string {
  let r: Role = p.a.role;
  if (p.a.role !== p.b.role) {
    // Parsers of the two names disagreed; a known given name or a patronymic settles it.
    const known = (t: ParsedToken): boolean => t.given.full.length > 0 || t.given.diminutiveOf.length > 0;
    if (p.a.role === "patronymic" || p.b.role === "patronymic") r = "patronymic";
    else if (known(p.a) || known(p.b)) r = "given";
    else r = "surname";
  }
  return r === "middle" ? "name part" : r === "given" ? "given name" : r;
}

/** Plain-English lines for a name comparison. */
export function explainNames(c: NameComparison, A: ParsedName, B: ParsedName): string[] {
  const lines: string[] = [];
  const pairs = [...c.pairs].sort((x, y) => ROLE_ORDER[x.a.role] - ROLE_ORDER[y.a.role]);
  for (const p of pairs) lines.push(`${roleLabel(p)}: ${p.cmp.note(p.a, p.b, p.cmp.detail)}`);
  const side = (t: ParsedToken): string => (A.tokens.includes(t) ? "first" : "second");
  for (const t of c.unmatched) {
    if (t.role === "patronymic") lines.push(`patronymic ${t.raw} present only in the ${side(t)} name (not counted against)`);
    else lines.push(`${t.raw} appears only in the ${side(t)} name`);
  }
  const surnameA = A.tokens.findIndex((t) => t.role === "surname");
  const surnameB = B.tokens.findIndex((t) => t.role === "surname");
  if (surnameA >= 0 && surnameB >= 0 && (surnameA === 0) !== (surnameB === 0) && A.tokens.length > 1 && B.tokens.length > 1) {
    lines.push("word order differs (surname first in one of them)");
  }
  for (const why of new Set(c.caps)) lines.push(`capped: ${why}`);
  return lines;
}

/** A name read with a spacing typo undone scores a little below the same name written cleanly. */
export const RESPACED_FACTOR = 0.98;

/**
 * A respaced reading counts only when it then agrees cleanly: every paired word equal or a known form
 * (no typo, no word left over but a patronymic or an initial). Otherwise moving spaces at random makes
 * near misses of anything ("HABIB BEN MOHAMED" read as "BENM OHAMED").
 */
export function cleanAgreement(c: NameComparison): boolean {
  return c.pairs.every((p) => p.cmp.sim >= 0.95 && p.cmp.kind !== "spelling") && c.unmatched.every((t) => t.role === "patronymic" || t.initial);
}

/**
 * Typo-level agreement: every paired word at least a close spelling, nothing left over but a patronymic
 * or an initial. A respaced reading that agrees only so is a spacing repair *and* a typo: like any typo,
 * names alone keep it at `possible` (NAMES_ONLY_CAP) and only an agreeing birth date lifts it.
 */
export function nearAgreement(c: NameComparison): boolean {
  return (
    c.pairs.every((p) => p.cmp.kind !== "different" && p.cmp.kind !== "different-name" && p.cmp.kind !== "sex-form" && (p.cmp.sim >= 0.75 || p.cmp.kind === "initial")) &&
    c.unmatched.every((t) => t.role === "patronymic" || t.initial)
  );
}

export function compareNames(a: string, b: string): MatchResult {
  const A = parseName(a);
  const B = parseName(b);
  let best = { c: compareParsed(A, B), A, B, factor: 1, note: null as string | null };
  if (verdictFor(best.c.score) !== "match") {
    // Spacing typos (Deni sRiabov, Patr ushev, ILJABARANOW): tried only when the names as written do not match.
    for (const [side, text] of [["a", a], ["b", b]] as const) {
      for (const v of respacedVariants(text)) {
        const P = parseName(v);
        const c = side === "a" ? compareParsed(P, B) : compareParsed(A, P);
        // Only a reading that then matches counts: moving spaces at random makes near misses of anything.
        if (c.score * RESPACED_FACTOR >= MATCH_THRESHOLD && c.score * RESPACED_FACTOR > best.c.score * best.factor + 0.01 && cleanAgreement(c)) {
          best = { c, A: side === "a" ? P : A, B: side === "a" ? B : P, factor: RESPACED_FACTOR, note: `spacing repaired: "${text}" read as "${v}"` };
        }
      }
    }
  }
  if (verdictFor(best.c.score * best.factor) !== "match") {
    // Chinese names in Wade–Giles against pinyin (Mao Tse-tung = Mao Zedong).
    const wade = wadeGilesReading(a, b);
    if (wade) {
      const [P, Q] = [parseName(wade[0]), parseName(wade[1])];
      const c = compareParsed(P, Q);
      if (c.score >= MATCH_THRESHOLD && c.score > best.c.score * best.factor) {
        best = { c, A: P, B: Q, factor: 1, note: `read as Wade–Giles and pinyin: "${a}" = "${wade[0]}", "${b}" = "${wade[1]}"` };
      }
    }
  }
  let score = round3(best.c.score * best.factor);
  const lines = explainNames(best.c, best.A, best.B);
  const differs = score >= POSSIBLE_THRESHOLD ? differentNames(best.c) : null;
  if (differs !== null) {
    score = NAMES_ALONE_DIFFERENT;
    lines.push(`capped: ${differs}; with nothing else agreeing they are not a candidate`);
  }
  return { score, verdict: verdictFor(score), explanation: best.note ? [best.note, ...lines] : lines };
}
