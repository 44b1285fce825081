/**
 * Spacing typos: a space moved by one letter ("Deni sRiabov"), added inside a word ("Patr ushev")
 * or dropped ("ILJABARANOW", "Ramimakhlouf"). The other readings of a name with its spaces repaired;
 * the matcher tries them only when the name as written found no `match`, so they cost nothing on
 * clean lists and cannot outvote a name that matches as written.
 */
import { normalizeName } from "./normalize.js";
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
 * Two neighbouring words that may hold a spacing typo: a fragment (four letters or fewer that is no known
 * given name) or a capital inside a word (sRiabov, WalentinaO). Clean names make no variants at all, so
 * a list costs nothing extra for them.
 */
function suspicious(a: string, b: string, capitalised: boolean): boolean {
  const fragment = (w: string): boolean => w.length <= 4 && !isGiven(w);
  // A capital inside a word, or a word in lower case where the others start with a capital (Aleksa ndrovich).
  const oddCase = (w: string): boolean => /\p{Ll}\p{Lu}/u.test(w) || (/^\p{Ll}/u.test(w) && (capitalised || /\p{Lu}/u.test(w)));
  // A space moved by one letter that leaves a known given name once put back (ЛАСКИЙЭ РНЕСТ, СКЕЁВС ЕРГЕЙ,
  // GAOVSV ALERIJS, ЛИГРЮИ ЧЄВГЕН): words in capitals show no odd case, and neither part is a fragment.
  const gains = (w: string, more: string): boolean => w.length >= 3 && !isNamePiece(w, 3) && isNamePiece(more, 4);
  const moved = (): boolean => gains(b, a.slice(-1) + b) || gains(a, a + b[0]) || gains(b, b.slice(1)) || gains(a, a.slice(0, -1));
  return fragment(a) || fragment(b) || oddCase(a) || oddCase(b) || moved();
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

/** Readings of `input` with one spacing typo undone (joined, moved by one letter, or a run-together word split). */
export function respacedVariants(input: string): string[] {
  const words = normalizeName(input).tokens.filter((t) => !t.initial).map((t) => t.raw);
  const capitalised = words.filter((w) => /^\p{Lu}\p{Ll}/u.test(w)).length >= 2;
  const out = new Set<string>();
  const add = (ws: string[]): void => {
    if (out.size < MAX_VARIANTS) out.add(ws.join(" "));
  };
  // A name of three words or more with a given name or patronymic and two other words side by side has a
  // word too many for one surname: a space may have been added inside it (DISMISK ASKIĬ, SERGEĬ ILICH).
  const pieces = words.length >= 3 ? words.map((w) => isNamePiece(w, 3)) : [];
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
    const split = (k: number): void => add([...words.slice(0, i), w.slice(0, k), w.slice(k), ...words.slice(i + 1)]);
    // A word in capitals with one lower-case letter inside: two words joined, the second's first letter
    // lowered ("ELDARdOSMAYJ", "IVANOVICkRAIEV", "СВЯТОСЛАВшТЕОУІЧ").
    const lower = /^\p{Lu}{2,}(\p{Ll})\p{Lu}/u.exec(w);
    if (lower) split(lower[0].length - 2);
    // A word that holds a known given name (or a patronymic) at either end was two words: "ILJABARANOW" →
    // "ILJA BARANOW", "Ивановичсуханов" → "Иванович суханов". A name written as one word, or a word long
    // enough for two whose end is a name of four letters or more.
    if (w.length < 7 || (words.length > 1 && w.length < 9) || isNamePiece(w, 3) || derivedFromGiven(w)) return;
    const minPiece = words.length > 1 ? 4 : 3;
    for (let k = 3; k <= w.length - 3; k++) {
      if (isNamePiece(w.slice(0, k), minPiece) || isNamePiece(w.slice(k), minPiece)) split(k);
    }
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
