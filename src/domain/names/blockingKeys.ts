/**
 * Blocking keys: short Latin keys per name so that finding one person among 100,000 looks at a few dozen
 * candidates instead of all of them (MatchIndex, blocking.ts, keeps a list of people per key).
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
import { givenKeys, isKnownGiven } from "./givenNames.js";
import type { BirthDate, PreparedPerson } from "./people.js";

const MIN_DELETE_LENGTH = 4;
/** Surnames (stems) at least this long also get the f: and l: keys (three letters at either end). */
const ENDS_MIN_LENGTH = 5;
const WIDE_TAGS = new Set(["i", "s", "f", "l", "t", "n"]);

function surnameTokens(p: ParsedName): ParsedToken[] {
  // The words marked as the surname, then — unknown structure ("Friedrich Hans") — any other that may be one: a
  // non-patronymic word that is no known given name, or failing those any non-patronymic word. (Written as loops:
  // it runs for every name a row is looked up or indexed under.)
  const out: ParsedToken[] = [];
  const tokens = p.tokens;
  let loose = false;
  for (const t of tokens) {
    if (t.initial) continue;
    if (t.role === "surname") out.push(t);
    if (t.role !== "patronymic" && t.given.full.length === 0) loose = true;
  }
  for (const t of tokens) {
    if (t.initial || t.role === "patronymic" || (loose && t.given.full.length !== 0)) continue;
    if (!out.includes(t)) out.push(t);
  }
  return out;
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
  /** `wide`: in the wide tier whatever its tag; `queryOnly`: a key a query looks up but an indexed person has not. */
  key(tag: string, first: string, skip: number, second?: string, third?: string, wide?: boolean, queryOnly?: boolean): void;
}

function forEachKey(p: ParsedName, opts: KeyOptions, sink: KeySink): void {
  const year = opts.birthYear ? String(opts.birthYear) : null;
  const extra = opts.extraYears?.filter((y) => y).map(String) ?? [];
  if (opts.birthDay) sink.key("t", opts.birthDay, -1);
  for (const d of opts.extraDays ?? []) sink.key("t", d, -1, undefined, undefined, false, true);
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
      for (const y of extra) sink.key("y", sk, -1, y, undefined, true, true);
    }
    // Symmetric deletions on the uncollapsed form: a key and its one-letter deletions meet for any single edit.
    // On the stem and on the whole form: a typo in the ending hides the stem (Сокоолва / Соколова).
    const loose = looseStem.length >= MIN_DELETE_LENGTH ? (s.loose !== looseStem ? [looseStem, s.loose] : [looseStem]) : [];
    const ownBases = loose.length;
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
        for (let b = 0; b < loose.length; b++) {
          const base = loose[b]!;
          const queryOnly = b >= ownBases;
          sink.key("d", base, -1, gk, undefined, false, queryOnly);
          for (let i = 0; i < base.length; i++) {
            // Deleting either of two equal neighbours gives the same key: emit it once.
            if (i > 0 && base[i] === base[i - 1]) continue;
            sink.key("d", base, i, gk, undefined, false, queryOnly);
          }
        }
        // Given name + birth year + first letter of the surname: survives a badly typed surname.
        if (year && stem) sink.key("b", gk, -1, year, stem[0]);
        if (stem) for (const y of extra) sink.key("b", gk, -1, y, stem[0], true, true);
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
export function keyHashes(p: ParsedName, opts: KeyOptions, out: (tier: "narrow" | "wide", h: number, queryOnly: boolean) => void): void {
  forEachKey(p, opts, {
    key(tag, first, skip, second, third, wide, queryOnly) {
      let h = fnv(FNV_OFFSET, tag);
      h = Math.imul(h ^ COLON, FNV_PRIME);
      h = fnv(h, first, skip);
      if (second !== undefined) h = fnv(Math.imul(h ^ BAR, FNV_PRIME), second);
      if (third !== undefined) h = fnv(Math.imul(h ^ BAR, FNV_PRIME), third);
      out(wide || WIDE_TAGS.has(tag) ? "wide" : "narrow", h & 0x3fffffff, queryOnly === true);
    },
  });
}

/** Text keys with their hashes (tests check the two paths agree); `opts`: a query's options too. */
export function nameKeyHashes(name: string, birthYear?: number, opts: KeyOptions = {}): { keys: string[]; hashes: number[] } {
  const p = parseName(name);
  const hashes: number[] = [];
  keyHashes(p, { ...opts, birthYear: birthYear ?? null }, (_, h) => hashes.push(h));
  return { keys: keysOfParsed(p, { ...opts, birthYear: birthYear ?? null }), hashes };
}

/** Normalised Latin keys for one name, for storing in the database and looking up by SQL. */
export function nameSearchKeys(name: string): string[] {
  return keysOfParsed(parseName(name));
}

/** "YYYY-MM-DD" of a full birth date, else null. */
export function dayKey(b: BirthDate | null): string | null {
  if (!b || b.month === null || b.day === null) return null;
  return `${b.year}-${b.month < 10 ? "0" : ""}${b.month}-${b.day < 10 ? "0" : ""}${b.day}`;
}

export interface QueryKeys {
  narrow: number[];
  wide: number[];
  /** The keys the same person is indexed under (personKeys'), in its order: an import indexes the row it created from them. */
  own: number[];
}

/** The blocking keys a query looks up (hashes, by tier). */
export function queryKeys(person: PreparedPerson): QueryKeys {
  const narrow: number[] = [];
  const wide: number[] = [];
  const own: number[] = [];
  const seen = new Set<string>();
  for (const n of person.names) {
    // A transliterated spelling usually has the same skeletons, hence the same keys: skip it.
    if (person.names.length > 1) {
      const shape = n.tokens.map((t) => `${t.role}:${t.skel}:${t.alts.join(",")}`).join(" ");
      if (seen.has(shape)) continue;
      seen.add(shape);
    }
    const b = person.birth;
    const year = b?.year ?? null;
    const extraYears = year !== null ? [year - 1, year + 1] : undefined;
    const extraDays: string[] = [];
    if (b && b.month !== null && b.day !== null) {
      if (b.day <= 12 && b.day !== b.month) extraDays.push(dayKey({ year: b.year, month: b.day, day: b.month })!);
      extraDays.push(dayKey({ ...b, year: b.year - 1 })!, dayKey({ ...b, year: b.year + 1 })!);
    }
    keyHashes(n, { birthYear: year, altDeletions: true, extraYears, birthDay: dayKey(b), extraDays }, (tier, h, queryOnly) => {
      (tier === "wide" ? wide : narrow).push(h);
      if (!queryOnly) own.push(h);
    });
  }
  return { narrow, wide, own };
}

/** The hashes of the keys a person is indexed under (an indexed person's: no neighbouring years or dates). */
export function personKeys(person: PreparedPerson, out: (h: number) => void): void {
  const seen = new Set<string>();
  for (const n of person.names) {
    // A transliterated spelling usually has the same skeletons, hence the same keys: skip it.
    if (person.names.length > 1) {
      const shape = n.tokens.map((t) => `${t.role}:${t.skel}:${t.alts.join(",")}`).join(" ");
      if (seen.has(shape)) continue;
      seen.add(shape);
    }
    keyHashes(n, { birthYear: person.birth?.year ?? null, birthDay: dayKey(person.birth) }, (_, h) => out(h));
  }
}
