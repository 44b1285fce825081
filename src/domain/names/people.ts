/**
 * Whole-person comparison: the best pair of their names, then evidence beyond names
 * (birth date exact / year only / day and month swapped, region, category, sex).
 */
import { NAMES_ALONE_DIFFERENT, NAMES_ONLY_CAP, compareParsed, differentNames, explainNames, type NameComparison } from "./compare.js";
import type { Sex } from "./givenNames.js";
import { parseName, type ParsedName } from "./parse.js";
import { compareParsedBound } from "./bound.js";
import { POSSIBLE_THRESHOLD, round3, verdictFor, type MatchResult } from "./score.js";

export interface PersonEvidence {
  /** Primary name first, then alternate spellings. */
  names: string[];
  /** "YYYY-MM-DD", "YYYY-MM" or "YYYY" ("DD.MM.YYYY" is also read). */
  birthDate?: string | null;
  region?: string | null;
  category?: string | null;
  sex?: Sex | null;
}

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
/** A birth date lifts only names that already resemble each other (not Oleg Navalny into Alexei Navalny). */
const BOOST_FROM = POSSIBLE_THRESHOLD - 0.15;
const raise = (s: number, share: number): number => s + (1 - s) * share;

function birthEvidence(s: number, a: BirthDate | null, b: BirthDate | null, lines: string[] | null): number {
  if (!a || !b) {
    if (a || b) lines?.push("birth date known on one side only");
    return s;
  }
  const full = a.day !== null && b.day !== null && a.month !== null && b.month !== null;
  const dy = Math.abs(a.year - b.year);
  if (full) {
    if (dy === 0 && a.month === b.month && a.day === b.day) {
      lines?.push(`birth date equal (${fmtDate(a)})`);
      return s >= BOOST_FROM ? raise(s, 0.6) : s;
    }
    if (dy === 0 && a.month === b.day && a.day === b.month) {
      lines?.push(`birth date equal with day and month swapped (${fmtDate(a)} / ${fmtDate(b)})`);
      return s >= BOOST_FROM ? raise(s, 0.3) : s;
    }
    if (dy > 0 && a.month === b.month && a.day === b.day) {
      lines?.push(`birth day and month equal, year differs by ${dy} (${fmtDate(a)} / ${fmtDate(b)}; typo?)`);
      // A year off by one (or with swapped digits) on the same day is a typing slip far more
      // often than a namesake born on the same day of another year: a date with one slip agrees,
      // more weakly than an equal one (as day and month swapped).
      if (yearSlip(a, b)) return s >= BOOST_FROM ? raise(s, 0.3) : s;
      return s * 0.6;
    }
    if (dy === 0) {
      lines?.push(`born the same year, different dates (${fmtDate(a)} / ${fmtDate(b)})`);
      return s * 0.72;
    }
  }
  if (dy === 0) {
    lines?.push(`birth year equal (${a.year})`);
    return s >= BOOST_FROM ? raise(s, 0.2) : s;
  }
  if (dy === 1 && !full) {
    // A year known on one side only and one off: lists often derive the year from an age.
    lines?.push(`birth years one apart (${fmtDate(a)} / ${fmtDate(b)}; year possibly derived from an age)`);
    return s * 0.88;
  }
  lines?.push(`birth dates differ (${fmtDate(a)} / ${fmtDate(b)})`);
  return dy === 1 ? s * 0.7 : s * 0.45;
}

/** Full dates on the same day and month whose years differ by one or by two swapped digits (a typing slip). */
function yearSlip(a: BirthDate, b: BirthDate): boolean {
  if (a.month === null || a.day === null || a.month !== b.month || a.day !== b.day || a.year === b.year) return false;
  return Math.abs(a.year - b.year) === 1 || sameDigitsSwapped(a.year, b.year);
}

/**
 * Birth dates that agree: equal, equal but for one typing slip (day and month swapped, a year one off
 * on the same day), or the same year where one side has only the year.
 */
function birthAgrees(a: BirthDate | null, b: BirthDate | null): boolean {
  if (!a || !b) return false;
  if (yearSlip(a, b)) return true;
  if (a.year !== b.year) return false;
  if (a.month === null || b.month === null || a.day === null || b.day === null) return true;
  return (a.month === b.month && a.day === b.day) || (a.month === b.day && a.day === b.month);
}

function sameDigitsSwapped(x: number, y: number): boolean {
  const a = String(x);
  const b = String(y);
  return a.length === b.length && [...a].sort().join("") === [...b].sort().join("");
}

function fieldEvidence(s: number, what: string, a: string | null, b: string | null, lines: string[] | null, up: number, down: number): number {
  if (!a || !b) return s;
  if (a === b) {
    lines?.push(`${what} equal (${a})`);
    return raise(s, up);
  }
  lines?.push(`${what} differs (${a} / ${b})`);
  return s * down;
}

/** `explain` false: the lines are not written (an index scores many candidates and explains one). */
function applyEvidence(nameScore: number, a: PreparedPerson, b: PreparedPerson, nameA: ParsedName, nameB: ParsedName, explain: boolean): Adjust {
  const lines: string[] | null = explain ? [] : null;
  let s = birthEvidence(nameScore, a.birth, b.birth, lines);
  s = fieldEvidence(s, "region", a.region, b.region, lines, 0.1, 0.97);
  s = fieldEvidence(s, "category", a.category, b.category, lines, 0.05, 0.97);
  const sexA = a.sex ?? nameA.sex;
  const sexB = b.sex ?? nameB.sex;
  if (sexA && sexB && sexA !== sexB) {
    lines?.push(`sex differs (${sexA} / ${sexB})`);
    s *= 0.5;
  }
  return { score: s, lines: lines ?? [] };
}

interface BestPair {
  c: NameComparison;
  A: ParsedName;
  B: ParsedName;
}

/**
 * Per-query memo of name comparisons, keyed by the other side's parsed name: namesakes in
 * a registry share spellings, so one query meets the same name many times. A non-Cyrillic
 * name meets a different set of the query's names when its record also has a Cyrillic spelling
 * (see `comparePrepared`), so those results are kept apart.
 */
export interface NameCache {
  open: Map<ParsedName, BestPair>;
  besideCyrillic: Map<ParsedName, BestPair>;
}

export const newNameCache = (): NameCache => ({ open: new Map(), besideCyrillic: new Map() });

const isCyrillic = (n: ParsedName): boolean => n.script === "cyrillic";

/** The best pair of one of `a`'s names with B; `only` keeps a's Cyrillic (true) or other (false) names. */
function bestNamePair(a: PreparedPerson, B: ParsedName, only: boolean | null, cache?: Map<ParsedName, BestPair>): BestPair | null {
  const hit = cache?.get(B);
  if (hit) return hit;
  let best: BestPair | null = null;
  for (const A of a.names) {
    if (only !== null && isCyrillic(A) !== only) continue;
    const c = compareParsed(A, B);
    if (!best || c.score > best.c.score) best = { c, A, B };
  }
  if (best && cache) cache.set(B, best);
  return best;
}

/**
 * Upper bound of the name score comparePrepared(a, b) would carry: the best bound over the pairs of names it
 * compares (a pair in `cache` counts exactly). Stops as soon as it reaches `need`.
 */
export function nameScoreBound(a: PreparedPerson, b: PreparedPerson, need: number, cache?: NameCache): number {
  const cyrA = a.names.some(isCyrillic);
  const cyrB = b.names.some(isCyrillic);
  let best = 0;
  for (const B of b.names) {
    const only = isCyrillic(B) ? (cyrA ? true : null) : cyrB ? false : null;
    const hit = (only === false ? cache?.besideCyrillic : cache?.open)?.get(B);
    if (hit) best = Math.max(best, hit.c.score);
    else {
      for (const A of a.names) {
        if (only !== null && isCyrillic(A) !== only) continue;
        best = Math.max(best, compareParsedBound(A, B, need));
      }
    }
    if (best >= need) return best;
  }
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

/** Final score with sexes known on both records and different: at most this (applyEvidence halves it last). */
export const SEXES_DIFFER_CEILING = 0.5;

/**
 * Upper bound of the final score from the evidence beyond names (cheap pre-filter for an index): the birth
 * dates' (birthCeiling), and at most SEXES_DIFFER_CEILING when both records state different sexes — whatever
 * the names, such a pair is no `possible`. A quarter of the people an import row meets in its blocks (a
 * shared birth date, birth year and initials) are of the other sex.
 */
export function evidenceCeiling(a: PreparedPerson, b: PreparedPerson): number {
  const birth = birthCeiling(a.birth, b.birth);
  return a.sex !== null && b.sex !== null && a.sex !== b.sex ? Math.min(birth, SEXES_DIFFER_CEILING) : birth;
}

/** The lowest score x with round3(x) ≥ t, less a margin for floating point: a final score below it rounds below t. */
const roundedFloor = (t: number): number => t - 0.0005 - 1e-9;

/**
 * The name score a pair needs for its final score to reach `minScore`, from the evidence beyond names alone
 * (applyEvidence inverted): a pair whose best name score is below it is no candidate, whatever its names. The
 * evidence only ever raises or scales a score monotonically and the caps after it only lower it, so a name
 * score below this can never come out at `minScore`. Cheap: an index asks it for every person a query meets.
 */
export function nameScoreNeeded(a: PreparedPerson, b: PreparedPerson, minScore: number): number {
  let t = roundedFloor(minScore);
  // Undone last to first: sex, category, region, birth date.
  if (a.sex !== null && b.sex !== null && a.sex !== b.sex) t /= 0.5;
  t = fieldNeeded(t, a.category, b.category, 0.05, 0.97);
  t = fieldNeeded(t, a.region, b.region, 0.1, 0.97);
  return birthNeeded(t, a.birth, b.birth);
}

/**
 * nameScoreNeeded for a query with no region or category (an import row's evidence), from birth dates packed as
 * blocking.ts's packBirth (−1: none; month and day 0: unknown), for people whose sexes do not differ: what an
 * index asks of a person it has not read.
 */
export function nameScoreNeededPacked(minScore: number, q: number, o: number): number {
  const t = roundedFloor(minScore);
  if (q < 0 || o < 0) return t;
  const qy = q >> 9;
  const oy = o >> 9;
  const qm = (q >> 5) & 0xf;
  const om = (o >> 5) & 0xf;
  const qd = q & 0x1f;
  const od = o & 0x1f;
  const full = qd !== 0 && od !== 0 && qm !== 0 && om !== 0;
  const dy = Math.abs(qy - oy);
  if (full) {
    if (dy === 0 && qm === om && qd === od) return raisedNeeded(t, 0.6);
    if (dy === 0 && qm === od && qd === om) return raisedNeeded(t, 0.3);
    if (dy > 0 && qm === om && qd === od) return dy === 1 || sameDigitsSwapped(qy, oy) ? raisedNeeded(t, 0.3) : t / 0.6;
    if (dy === 0) return t / 0.72;
  }
  if (dy === 0) return raisedNeeded(t, 0.2);
  if (dy === 1 && !full) return t / 0.88;
  return dy === 1 ? t / 0.7 : t / 0.45;
}

function fieldNeeded(t: number, a: string | null, b: string | null, up: number, down: number): number {
  if (!a || !b) return t;
  return a === b ? (t - up) / (1 - up) : t / down;
}

/** Lowest name score s with birthEvidence(s, a, b) ≥ t. */
/** Lowest s with raise(s, share) ≥ t where a raise applies (from BOOST_FROM up; below it s passes unchanged). */
function raisedNeeded(t: number, share: number): number {
  return t <= BOOST_FROM ? t : Math.max(BOOST_FROM, (t - share) / (1 - share));
}

function birthNeeded(t: number, a: BirthDate | null, b: BirthDate | null): number {
  if (!a || !b) return t;
  const full = a.day !== null && b.day !== null && a.month !== null && b.month !== null;
  const dy = Math.abs(a.year - b.year);
  if (full) {
    if (dy === 0 && a.month === b.month && a.day === b.day) return raisedNeeded(t, 0.6);
    if (dy === 0 && a.month === b.day && a.day === b.month) return raisedNeeded(t, 0.3);
    if (dy > 0 && a.month === b.month && a.day === b.day) return yearSlip(a, b) ? raisedNeeded(t, 0.3) : t / 0.6;
    if (dy === 0) return t / 0.72;
  }
  if (dy === 0) return raisedNeeded(t, 0.2);
  if (dy === 1 && !full) return t / 0.88;
  return dy === 1 ? t / 0.7 : t / 0.45;
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
  } else if (x && y && yearSlip(x, y)) s += 1;
  for (const p of c.pairs) if (p.a.role === "patronymic" && p.b.role === "patronymic" && p.cmp.sim >= 0.95) s += 1;
  if (a.region && a.region === b.region) s += 1;
  return s;
}

export interface ScoredMatch extends MatchResult {
  /** Tie-breaker between equal scores (see `support`); not part of the public result. */
  support: number;
}

/** Compare two prepared people; the best-matching pair of their names carries the name score. */
export function comparePrepared(a: PreparedPerson, b: PreparedPerson, withExplanation = true, cache?: NameCache): ScoredMatch {
  let best: BestPair | null = null;
  // A Cyrillic name is judged on the other side's Cyrillic spelling when that side has one: a Latin
  // copy is derived from it and looser (Kreenko and Krienko share a skeleton; Креенко and Кренко
  // differ). So a pair across scripts counts only when the Latin side has no Cyrillic spelling;
  // Latin meets Latin and Cyrillic meets Cyrillic always. The rule is the same from either side,
  // so comparePrepared(a, b) and comparePrepared(b, a) agree (duplicates score each pair once).
  const cyrA = a.names.some(isCyrillic);
  const cyrB = b.names.some(isCyrillic);
  for (const B of b.names) {
    const cyr = isCyrillic(B);
    const only = cyr ? (cyrA ? true : null) : cyrB ? false : null;
    const c = bestNamePair(a, B, only, only === false ? cache?.besideCyrillic : cache?.open);
    if (c && (!best || c.c.score > best.c.score)) best = c;
  }
  if (!best) return { score: 0, verdict: "none", explanation: ["no name on one side"], support: 0 };
  const adj = applyEvidence(best.c.score, a, b, best.A, best.B, withExplanation);
  // A pair that names alone keep at `possible` (compare.ts) crosses to `match` only on an agreeing birth date.
  const agrees = birthAgrees(a.birth, b.birth);
  if (best.c.namesOnly !== null && !agrees && adj.score > NAMES_ONLY_CAP) adj.score = NAMES_ONLY_CAP;
  // Nor does any evidence make different names one (Teyuk / Выук born the same day are two people), and
  // without an agreeing birth date they are no candidate at all (Dmitry Mendeleev / Dmitry Medvedev).
  const differs = adj.score > (agrees ? NAMES_ONLY_CAP : NAMES_ALONE_DIFFERENT) ? differentNames(best.c) : null;
  if (differs !== null && agrees) {
    adj.score = NAMES_ONLY_CAP;
    adj.lines.push(`capped: ${differs}; a birth date or region does not make them one`);
  } else if (differs !== null) {
    adj.score = NAMES_ALONE_DIFFERENT;
    adj.lines.push(`capped: ${differs}; with nothing else agreeing they are not a candidate`);
  }
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
