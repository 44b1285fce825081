/**
 * Spacing typos: a space moved by one letter ("Deni sRiabov"), added inside a word ("Patr ushev")
 * or dropped ("ILJABARANOW", "Ramimakhlouf"). The other readings of a name with its spaces repaired;
 * the matcher tries them only when the name as written found no `match`, so they cost nothing on
 * clean lists and cannot outvote a name that matches as written.
 */
import { normalizeName } from "./normalize.js";
import { isKnownGiven } from "./givenNames.js";
import { patronymicOf } from "./parse.js";
import { skeleton } from "./transliterate.js";

const MAX_VARIANTS = 16;
const MIN_PART = 2;

const isGiven = (part: string): boolean => part.length >= 3 && isKnownGiven(skeleton(part));

/**
 * Two neighbouring words that may hold a spacing typo: a fragment (four letters or fewer that is no known
 * given name) or a capital inside a word (sRiabov, WalentinaO). Clean names make no variants at all, so
 * a list costs nothing extra for them.
 */
function suspicious(a: string, b: string, capitalised: boolean): boolean {
  const fragment = (w: string): boolean => w.length <= 4 && !isGiven(w);
  // A capital inside a word, or a word in lower case where the others start with a capital (Aleksa ndrovich).
  const oddCase = (w: string): boolean => /\p{Ll}\p{Lu}/u.test(w) || (/^\p{Ll}/u.test(w) && (capitalised || /\p{Lu}/u.test(w)));
  return fragment(a) || fragment(b) || oddCase(a) || oddCase(b);
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
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i]!;
    const b = words[i + 1]!;
    if (!suspicious(a, b, capitalised)) continue;
    const before = words.slice(0, i);
    const after = words.slice(i + 2);
    // Joined: "Patr ushev" → "Patrushev".
    add([...before, a + b.toLowerCase(), ...after]);
    // Moved one letter either way: "Deni sRiabov" → "Denis Riabov"; "DenisR iabov" → "Denis Riabov".
    if (a.length > MIN_PART) add([...before, a.slice(0, -1), a.slice(-1) + b, ...after]);
    if (b.length > MIN_PART) add([...before, a + b[0], b.slice(1), ...after]);
  }
  // A word that holds a known given name at either end was two words: "ILJABARANOW" → "ILJA BARANOW".
  words.forEach((w, i) => {
    // A name written as one word, or a word long enough for two whose end is a given name of four letters or more.
    if (w.length < 7 || (words.length > 1 && w.length < 9) || isGiven(w) || derivedFromGiven(w)) return;
    const minGiven = words.length > 1 ? 4 : 3;
    for (let k = 3; k <= w.length - 3; k++) {
      const [head, tail] = [w.slice(0, k), w.slice(k)];
      if ((head.length >= minGiven && isGiven(head)) || (tail.length >= minGiven && isGiven(tail))) add([...words.slice(0, i), head, tail, ...words.slice(i + 1)]);
    }
  });
  out.delete(words.join(" "));
  return [...out];
}
