/**
 * Whole-name and whole-person comparison: token alignment, structure-aware
 * scoring, and evidence beyond names (birth date, region, category, sex).
 */
import { parseName, type ParsedName, type ParsedToken, type Role } from "./parse.js";
import { compareTokens, type TokenComparison } from "./tokens.js";
import { round3, verdictFor, POSSIBLE_THRESHOLD, type MatchResult } from "./score.js";
import type { Sex } from "./givenNames.js";

export interface PersonEvidence {
  /** Primary name first, then alternate spellings. */
  names: string[];
  /** "YYYY-MM-DD", "YYYY-MM" or "YYYY" ("DD.MM.YYYY" is also read). */
  birthDate?: string | null;
  region?: string | null;
  category?: string | null;
  sex?: Sex | null;
}

const ROLE_WEIGHT: Record<Role, number> = { surname: 1, given: 0.8, patronymic: 0.35, middle: 0.5 };
/** Extra tokens present on one side only count for this share of their weight. */
const EXTRA_TOKEN_FACTOR = 0.35;
const MAX_TOKENS = 8;

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
}

// Connecting particles carry little identity and are often dropped or swapped (bin/ibn, al/el),
// as are Turkic patronymic markers (оглы, кызы).
const PARTICLES = new Set([
  "al", "el", "bin", "ibn", "ben", "bint", "abu", "de", "da", "del", "della", "di", "du", "la", "le", "van", "von",
  "der", "den", "ter", "oglu", "ogli", "kizi", "kizi",
]);
export const isParticle = (t: ParsedToken): boolean => PARTICLES.has(t.fold) || PARTICLES.has(t.skel);
const PARTICLE_WEIGHT = 0.15;

function pairWeight(a: ParsedToken, b: ParsedToken): number {
  if (isParticle(a) || isParticle(b)) return PARTICLE_WEIGHT;
  if (a.initial || b.initial) return 0.5;
  return a.role === b.role ? ROLE_WEIGHT[a.role] : Math.max(ROLE_WEIGHT[a.role], ROLE_WEIGHT[b.role]);
}

// Reused DP buffers (align runs millions of times in a reconcile; names have at most MAX_TOKENS tokens).
const DP_A = new Float64Array(1 << MAX_TOKENS);
const DP_B = new Float64Array(1 << MAX_TOKENS);
const CHOICE = new Int8Array(MAX_TOKENS << MAX_TOKENS);
const GAIN = new Float64Array(MAX_TOKENS * MAX_TOKENS);

/** Best one-to-one alignment of tokens (bitmask DP over the second name's tokens). */
function align(A: ParsedToken[], B: ParsedToken[]): Pair[] {
  const m = A.length;
  const n = B.length;
  const cmp: TokenComparison[] = new Array<TokenComparison>(m * n);
  const w: number[] = new Array<number>(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const c = compareTokens(A[i]!, B[j]!);
      const wt = pairWeight(A[i]!, B[j]!);
      cmp[i * n + j] = c;
      w[i * n + j] = wt;
      // Small bonus keeps same-role pairs together when scores tie.
      GAIN[i * n + j] = wt * Math.max(c.sim, c.affinity ?? 0) + (A[i]!.role === B[j]!.role ? 0.001 : 0) + 0.0001;
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

const coreRole = (p: Pair): boolean =>
  p.a.role !== "patronymic" && p.b.role !== "patronymic" && !p.a.initial && !p.b.initial && !isParticle(p.a) && !isParticle(p.b);

/** How much one weak core pair drags the whole name down. */
function weakestPenalty(sim: number): number {
  return sim >= 0.8 ? 1 : 0.5 + (0.5 * sim) / 0.8;
}

export function compareParsed(A: ParsedName, B: ParsedName): NameComparison {
  const ta = A.tokens.slice(0, MAX_TOKENS);
  const tb = B.tokens.slice(0, MAX_TOKENS);
  if (ta.length === 0 || tb.length === 0) return { score: 0, pairs: [], unmatched: [...ta, ...tb], caps: ["a name is empty"] };
  const pairs = align(ta, tb);
  const used = new Set<ParsedToken>(pairs.flatMap((p) => [p.a, p.b]));
  const unmatched = [...ta, ...tb].filter((t) => !used.has(t));
  let num = 0;
  let den = 0;
  for (const p of pairs) {
    num += p.weight * p.cmp.sim;
    den += p.weight;
  }
  for (const t of unmatched) {
    if (t.role === "patronymic" || t.initial) continue;
    den += (isParticle(t) ? PARTICLE_WEIGHT : ROLE_WEIGHT[t.role]) * EXTRA_TOKEN_FACTOR;
  }
  let score = den > 0 ? num / den : 0;
  const core = pairs.filter(coreRole);
  const weakest = core.reduce((min, p) => Math.min(min, p.cmp.sim), 1);
  score *= weakestPenalty(weakest);
  if (core.length === 0) score *= 0.6; // only initials or patronymics agree
  const caps: string[] = [];
  const cap = (limit: number, why: string): void => {
    if (score > limit) score = limit;
    caps.push(why);
  };
  for (const p of pairs) {
    if (p.cmp.kind === "sex-form") {
      const othersStrong = pairs.every((q) => q === p || q.cmp.sim >= 0.95);
      const surnameOnly = p.a.role === "surname" && p.b.role === "surname";
      if (surnameOnly && othersStrong && pairs.length >= 2) {
        // Same given name, surname in the other sex's form: a likely clerical error, worth a look.
        score = POSSIBLE_THRESHOLD + 0.01;
        caps.push("surname is in the other sex's form while the rest agrees: check the record");
      } else {
        cap(0.3, "names are marked for different sexes");
      }
    } else if (p.cmp.kind === "different-name" && (p.a.role === "patronymic" || p.b.role === "patronymic")) {
      cap(0.55, "patronymics name different fathers");
    }
  }
  return { score: Math.max(0, Math.min(1, score)), pairs, unmatched, caps };
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

export function compareNames(a: string, b: string): MatchResult {
  const A = parseName(a);
  const B = parseName(b);
  const c = compareParsed(A, B);
  const score = round3(c.score);
  return { score, verdict: verdictFor(score), explanation: explainNames(c, A, B) };
}

// ---------------------------------------------------------------------------
// People: names plus birth date, region, category, sex.

export interface BirthDate {
  year: number;
  month: number | null;
  day: number | null;
}

export function parseBirthDate(s: string | null | undefined): BirthDate | null {
  if (!s) return null;
  const t = s.trim();
  let m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(t);
  if (m) return checked(Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null);
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(t);
  if (m) return checked(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

function checked(year: number, month: number | null, day: number | null): BirthDate | null {
  // "1961-25-09": day and month written the other way round.
  if (month !== null && day !== null && month > 12 && day <= 12) [month, day] = [day, month];
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  return { year, month, day };
}

export interface PreparedPerson {
  names: ParsedName[];
  birth: BirthDate | null;
  region: string | null;
  category: string | null;
  sex: Sex | null;
}

const normField = (s: string | null | undefined): string | null => {
  const t = (s ?? "").normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
  return t === "" ? null : t;
};

/** `parsed` lets an index share one parse between people whose names are spelled the same. */
export function preparePerson(e: PersonEvidence, parsed?: Map<string, ParsedName>): PreparedPerson {
  const parse = (n: string): ParsedName => {
    if (!parsed) return parseName(n);
    let p = parsed.get(n);
    if (!p) parsed.set(n, (p = parseName(n)));
    return p;
  };
  const names = e.names.filter((n) => n.trim() !== "").map(parse);
  return { names, birth: parseBirthDate(e.birthDate), region: normField(e.region), category: normField(e.category), sex: e.sex ?? null };
}

interface Adjust {
  score: number;
  lines: string[];
}

const fmtDate = (d: BirthDate): string =>
  d.month === null ? String(d.year) : d.day === null ? `${d.year}-${String(d.month).padStart(2, "0")}` : `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

// Positive evidence closes part of the gap to 1; negative evidence scales the score down.
const raise = (s: number, share: number): number => s + (1 - s) * share;

function birthEvidence(s: number, a: BirthDate | null, b: BirthDate | null, lines: string[]): number {
  if (!a || !b) {
    if (a || b) lines.push("birth date known on one side only");
    return s;
  }
  const full = a.day !== null && b.day !== null && a.month !== null && b.month !== null;
  const dy = Math.abs(a.year - b.year);
  if (full) {
    if (dy === 0 && a.month === b.month && a.day === b.day) {
      lines.push(`birth date equal (${fmtDate(a)})`);
      return s >= POSSIBLE_THRESHOLD - 0.15 ? raise(s, 0.6) : s;
    }
    if (dy === 0 && a.month === b.day && a.day === b.month) {
      lines.push(`birth date equal with day and month swapped (${fmtDate(a)} / ${fmtDate(b)})`);
      return s >= POSSIBLE_THRESHOLD - 0.15 ? raise(s, 0.3) : s;
    }
    if (dy > 0 && a.month === b.month && a.day === b.day) {
      lines.push(`birth day and month equal, year differs by ${dy} (${fmtDate(a)} / ${fmtDate(b)}; typo?)`);
      // A year off by one (or with swapped digits) on the same day is a typing slip far more
      // often than a namesake born on the same day of another year.
      return dy === 1 || sameDigitsSwapped(a.year, b.year) ? s * 0.96 : s * 0.6;
    }
    if (dy === 0) {
      lines.push(`born the same year, different dates (${fmtDate(a)} / ${fmtDate(b)})`);
      return s * 0.72;
    }
  }
  if (dy === 0) {
    lines.push(`birth year equal (${a.year})`);
    return s >= POSSIBLE_THRESHOLD - 0.15 ? raise(s, 0.2) : s;
  }
  if (dy === 1 && !full) {
    // A year known on one side only and one off: lists often derive the year from an age.
    lines.push(`birth years one apart (${fmtDate(a)} / ${fmtDate(b)}; year possibly derived from an age)`);
    return s * 0.88;
  }
  lines.push(`birth dates differ (${fmtDate(a)} / ${fmtDate(b)})`);
  return dy === 1 ? s * 0.7 : s * 0.45;
}

function sameDigitsSwapped(x: number, y: number): boolean {
  const a = String(x);
  const b = String(y);
  return a.length === b.length && [...a].sort().join("") === [...b].sort().join("");
}

function fieldEvidence(s: number, what: string, a: string | null, b: string | null, lines: string[], up: number, down: number): number {
  if (!a || !b) return s;
  if (a === b) {
    lines.push(`${what} equal (${a})`);
    return raise(s, up);
  }
  lines.push(`${what} differs (${a} / ${b})`);
  return s * down;
}

function applyEvidence(nameScore: number, a: PreparedPerson, b: PreparedPerson, nameA: ParsedName, nameB: ParsedName): Adjust {
  const lines: string[] = [];
  let s = birthEvidence(nameScore, a.birth, b.birth, lines);
  s = fieldEvidence(s, "region", a.region, b.region, lines, 0.1, 0.97);
  s = fieldEvidence(s, "category", a.category, b.category, lines, 0.05, 0.97);
  const sexA = a.sex ?? nameA.sex;
  const sexB = b.sex ?? nameB.sex;
  if (sexA && sexB && sexA !== sexB) {
    lines.push(`sex differs (${sexA} / ${sexB})`);
    s *= 0.5;
  }
  return { score: s, lines };
}

interface BestPair {
  c: NameComparison;
  A: ParsedName;
  B: ParsedName;
}

/**
 * Per-query memo of name comparisons, keyed by the other side's parsed name: namesakes in
 * a registry share spellings, so one query meets the same name many times.
 */
export type NameCache = Map<ParsedName, BestPair>;

function bestNamePair(a: PreparedPerson, B: ParsedName, cache?: NameCache): BestPair | null {
  const hit = cache?.get(B);
  if (hit) return hit;
  let best: BestPair | null = null;
  for (const A of a.names) {
    const c = compareParsed(A, B);
    if (!best || c.score > best.c.score) best = { c, A, B };
  }
  if (best && cache) cache.set(B, best);
  return best;
}

/** Upper bound of the final score given only the birth dates (cheap pre-filter for an index). */
export function birthCeiling(a: BirthDate | null, b: BirthDate | null): number {
  if (!a || !b) return 1;
  const dy = Math.abs(a.year - b.year);
  if (dy <= 1) return 1;
  if (a.month !== null && a.month === b.month && a.day === b.day) return sameDigitsSwapped(a.year, b.year) ? 0.9 : 0.6;
  return 0.45;
}

/**
 * How much corroborating evidence stands behind a score, to break ties between candidates
 * whose scores saturate: an exact birth date beats a year-only one, an equal patronymic
 * beats an absent one.
 */
function support(a: PreparedPerson, b: PreparedPerson, c: NameComparison): number {
  let s = 0;
  const x = a.birth;
  const y = b.birth;
  if (x && y && x.year === y.year) {
    if (x.month !== null && x.month === y.month && x.day !== null && x.day === y.day) s += 3;
    else if (x.month !== null && x.day !== null && x.month === y.day && x.day === y.month) s += 2;
    else if (x.month === null || y.month === null || x.day === null || y.day === null) s += 1;
  }
  for (const p of c.pairs) if (p.a.role === "patronymic" && p.b.role === "patronymic" && p.cmp.sim >= 0.95) s += 1;
  return s;
}

export interface ScoredMatch extends MatchResult {
  /** Tie-breaker between equal scores (see `support`); not part of the public result. */
  support: number;
}

/** Compare two prepared people; the best-matching pair of their names carries the name score. */
export function comparePrepared(a: PreparedPerson, b: PreparedPerson, withExplanation = true, cache?: NameCache): ScoredMatch {
  let best: BestPair | null = null;
  for (const B of b.names) {
    const c = bestNamePair(a, B, cache);
    if (c && (!best || c.c.score > best.c.score)) best = c;
  }
  if (!best) return { score: 0, verdict: "none", explanation: ["no name on one side"], support: 0 };
  const adj = applyEvidence(best.c.score, a, b, best.A, best.B);
  const score = round3(Math.max(0, Math.min(1, adj.score)));
  const sup = support(a, b, best.c);
  if (!withExplanation) return { score, verdict: verdictFor(score), explanation: [], support: sup };
  const head = a.names.length > 1 || b.names.length > 1 ? [`best name pair: "${best.A.input}" / "${best.B.input}"`] : [];
  return {
    score,
    verdict: verdictFor(score),
    explanation: [...head, ...explainNames(best.c, best.A, best.B), ...adj.lines, `name score ${round3(best.c.score)}, with other evidence ${score}`],
    support: sup,
  };
}

export function comparePeople(a: PersonEvidence, b: PersonEvidence): MatchResult {
  const { score, verdict, explanation } = comparePrepared(preparePerson(a), preparePerson(b));
  return { score, verdict, explanation };
}
