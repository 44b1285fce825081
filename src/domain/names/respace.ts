/**
 * Spacing typos: a space moved by one letter ("Deni sRiabov"), added inside a word ("Patr ushev")
 * or dropped ("ILJABARANOW", "Ramimakhlouf"). The other readings of a name with its spaces repaired;
 * the matcher tries them only when the name as written found no `match`, so they cost nothing on
 * clean lists and cannot outvote a name that matches as written.
 */
import { normalizeName, type NameToken } from "./normalize.js";
import { isKnownGiven } from "./givenNames.js";
import { onTokenCacheClear, parseName, patronymicOf } from "./parse.js";
import { skeleton } from "./transliterate.js";

const MAX_VARIANTS = 16;
const MIN_PART = 2;

const isGiven = (part: string): boolean => part.length >= 3 && isKnownGiven(skeleton(part));

/**
 * A piece of a run-together word that is a name on its own: a known given name, or a patronymic of a
 * known father's name, under any reading of its spelling (Latvian Aleksandrs, French Artour, Ivanovich).
 */
function isNamePiece(part: string, minLength: number): boolean {
  if (part.length < minLength) return false;
  let known = PIECES.get(part);
  if (known === undefined) {
    const t = isGiven(part) ? null : parseName(part).tokens[0];
    known = t === null || (t !== undefined && (t.given.full.length > 0 || (t.patronymic !== null && t.patronymic.fathers.length > 0)));
    if (PIECES.size >= 200_000) PIECES.clear();
    PIECES.set(part, known);
  }
  return known;
}

/** isNamePiece per piece of text: a list asks about the same words (and parts of words) row after row. */
const PIECES = new Map<string, boolean>();
onTokenCacheClear(() => PIECES.clear());

/**
 * What respacedVariants asks about one word on its own, worked out once per word: a list repeats its surnames,
 * given names and patronymics row after row, and these checks (skeletons, case patterns, name-piece lookups of
 * every split) were most of what a clean name cost.
 */
interface WordFacts {
  /** Four letters or fewer and no known given name. */
  fragment: boolean;
  /** A capital inside the word (sRiabov, WalentinaO). */
  innerCapital: boolean;
  startsLower: boolean;
  hasCapital: boolean;
  /** isNamePiece(word, 3). */
  piece: boolean;
  /** Where the word splits into two (see respacedVariants), as one of several words and as the only word. */
  splitsAmong: readonly number[] | undefined;
  splitsAlone: readonly number[] | undefined;
}

const WORDS = new Map<string, WordFacts>();
onTokenCacheClear(() => WORDS.clear());

function factsOf(w: string): WordFacts {
  let f = WORDS.get(w);
  if (f === undefined) {
    if (WORDS.size >= 200_000) WORDS.clear();
    f = { fragment: w.length <= 4 && !isGiven(w), innerCapital: /\p{Ll}\p{Lu}/u.test(w), startsLower: /^\p{Ll}/u.test(w), hasCapital: /\p{Lu}/u.test(w), piece: isNamePiece(w, 3), splitsAmong: undefined, splitsAlone: undefined };
    WORDS.set(w, f);
  }
  return f;
}

/**
 * Two neighbouring words that may hold a spacing typo: a fragment (four letters or fewer that is no known
 * given name) or a capital inside a word (sRiabov, WalentinaO). Clean names make no variants at all, so
 * a list costs nothing extra for them.
 */
function suspicious(a: string, b: string, capitalised: boolean): boolean {
  const fa = factsOf(a);
  const fb = factsOf(b);
  // A capital inside a word, or a word in lower case where the others start with a capital (Aleksa ndrovich).
  const oddCase = (f: WordFacts): boolean => f.innerCapital || (f.startsLower && (capitalised || f.hasCapital));
  if (fa.fragment || fb.fragment || oddCase(fa) || oddCase(fb)) return true;
  // A space moved by one letter that leaves a known given name once put back (ЛАСКИЙЭ РНЕСТ, СКЕЁВС ЕРГЕЙ,
  // GAOVSV ALERIJS, ЛИГРЮИ ЧЄВГЕН): words in capitals show no odd case, and neither part is a fragment.
  // A word that is a name piece itself gains nothing: the moved spelling is built only for the others.
  const bGains = b.length >= 3 && !fb.piece;
  const aGains = a.length >= 3 && !fa.piece;
  return (bGains && isNamePiece(a.slice(-1) + b, 4)) || (aGains && isNamePiece(a + b[0], 4)) || (bGains && isNamePiece(b.slice(1), 4)) || (aGains && isNamePiece(a.slice(0, -1), 4));
}

// Surname endings that make a surname of a given name (Александров, Захарченко, Павлюк), on skeletons.
const DERIVED_SURNAME = /^(.{3,}?)(ov|ova|ev|eva|in|ina|enko|qenko|uk|iuk|quk)$/;

/**
 * A word made from a given name — a patronymic (Михайлович, Андріївна) or a surname such as Александров or
 * Захарченко — holds that given name at its start by how it is built, not because a space was dropped: it
 * is not split. (Splitting them made variants for nearly every clean Russian or Ukrainian full name.)
 */
function derivedFromGiven(word: string): boolean {
  const skel = skeleton(word);
  if (patronymicOf(skel)?.fathers.length) return true;
  const m = DERIVED_SURNAME.exec(skel);
  return !!m && isKnownGiven(m[1]!);
}

/** Where a word splits into two, in the order respacedVariants tries them (remembered per word). */
function splitsOf(w: string, among: boolean): readonly number[] {
  const f = factsOf(w);
  const known = among ? f.splitsAmong : f.splitsAlone;
  if (known) return known;
  const ks: number[] = [];
  // A word in capitals with one lower-case letter inside: two words joined, the second's first letter
  // lowered ("ELDARdOSMAYJ", "IVANOVICkRAIEV", "СВЯТОСЛАВшТЕОУІЧ").
  const lower = /^\p{Lu}{2,}(\p{Ll})\p{Lu}/u.exec(w);
  if (lower) ks.push(lower[0].length - 2);
  // A word that holds a known given name (or a patronymic) at either end was two words: "ILJABARANOW" →
  // "ILJA BARANOW", "Ивановичсуханов" → "Иванович суханов". A name written as one word, or a word long
  // enough for two whose end is a name of four letters or more.
  if (!(w.length < 7 || (among && w.length < 9) || f.piece || derivedFromGiven(w))) {
    const minPiece = among ? 4 : 3;
    for (let k = 3; k <= w.length - 3; k++) {
      if (isNamePiece(w.slice(0, k), minPiece) || isNamePiece(w.slice(k), minPiece)) ks.push(k);
    }
  }
  if (among) f.splitsAmong = ks;
  else f.splitsAlone = ks;
  return ks;
}

/**
 * Readings of `input` with one spacing typo undone (joined, moved by one letter, or a run-together word split).
 * `tokens`: normalizeName(input)'s tokens when the caller has them already (a parsed name's words are those, in order).
 */
export function respacedVariants(input: string, tokens?: readonly NameToken[]): string[] {
  const words = (tokens ?? normalizeName(input).tokens).filter((t) => !t.initial).map((t) => t.raw);
  const capitalised = words.filter((w) => /^\p{Lu}\p{Ll}/u.test(w)).length >= 2;
  const out = new Set<string>();
  const add = (ws: string[]): void => {
    if (out.size < MAX_VARIANTS) out.add(ws.join(" "));
  };
  // A name of three words or more with a given name or patronymic and two other words side by side has a
  // word too many for one surname: a space may have been added inside it (DISMISK ASKIĬ, SERGEĬ ILICH).
  const pieces = words.length >= 3 ? words.map((w) => factsOf(w).piece) : [];
  const surplus = pieces.length > 0 && pieces.some((p) => p) && pieces.filter((p) => !p).length === 2;
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i]!;
    const b = words[i + 1]!;
    if (!suspicious(a, b, capitalised) && !(surplus && !pieces[i] && !pieces[i + 1])) continue;
    const before = words.slice(0, i);
    const after = words.slice(i + 2);
    // Joined: "Patr ushev" → "Patrushev".
    add([...before, a + b.toLowerCase(), ...after]);
    // Moved one letter either way: "Deni sRiabov" → "Denis Riabov"; "DenisR iabov" → "Denis Riabov".
    if (a.length > MIN_PART) add([...before, a.slice(0, -1), a.slice(-1) + b, ...after]);
    if (b.length > MIN_PART) add([...before, a + b[0], b.slice(1), ...after]);
  }
  // Three or more fragments in a row were one word: "Plat Ono Vich" → "Platonovich".
  for (let i = 0; i < words.length; i++) {
    let j = i;
    while (j < words.length && words[j]!.length <= 4 && !isGiven(words[j]!)) j++;
    if (j - i >= 3) add([...words.slice(0, i), words.slice(i, j).map((w, k) => (k === 0 ? w : w.toLowerCase())).join(""), ...words.slice(j)]);
    i = j;
  }
  words.forEach((w, i) => {
    for (const k of splitsOf(w, words.length > 1)) add([...words.slice(0, i), w.slice(0, k), w.slice(k), ...words.slice(i + 1)]);
  });
  // A single letter set apart from the end of a word is no initial when it is in lower case or stands right
  // before the comma that ends the surname ("Шоенк о, Гліб", "PROCHORO W, ALEKSEJ"): it is the word's last letter.
  for (const m of input.matchAll(/\p{L}{2}( )(\p{L})(?=\s*,|[\s]|$)/gu)) {
    const letter = m[2]!;
    const beforeComma = /^\s*,/.test(input.slice(m.index + m[0].length));
    if (letter === letter.toLowerCase() || beforeComma) {
      const at = m.index + 2;
      if (out.size < MAX_VARIANTS) out.add(input.slice(0, at) + input.slice(at + 1));
    }
  }
  out.delete(words.join(" "));
  out.delete(input);
  return [...out];
}
