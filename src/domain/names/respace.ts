/**
 * Spacing typos: a space moved by one letter ("Deni sRiabov"), added inside a word ("Patr ushev")
 * or dropped ("ILJABARANOW", "Ramimakhlouf"). The other readings of a name with its spaces repaired;
 * the matcher tries them only when the name as written found no `match`, so they cost nothing on
 * clean lists and cannot outvote a name that matches as written.
 */
import { normalizeName } from "./normalize.js";
import { isKnownGiven } from "./givenNames.js";
import { skeleton } from "./transliterate.js";

const MAX_VARIANTS = 16;
const MIN_PART = 2;

const isGiven = (part: string): boolean => part.length >= 3 && isKnownGiven(skeleton(part));

/** Readings of `input` with one spacing typo undone (joined, moved by one letter, or a run-together word split). */
export function respacedVariants(input: string): string[] {
  const words = normalizeName(input).tokens.filter((t) => !t.initial).map((t) => t.raw);
  const out = new Set<string>();
  const add = (ws: string[]): void => {
    if (out.size < MAX_VARIANTS) out.add(ws.join(" "));
  };
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i]!;
    const b = words[i + 1]!;
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
    if (w.length < 7 || isGiven(w)) return;
    for (let k = 3; k <= w.length - 3; k++) {
      if (isGiven(w.slice(0, k)) || isGiven(w.slice(k))) add([...words.slice(0, i), w.slice(0, k), w.slice(k), ...words.slice(i + 1)]);
    }
  });
  out.delete(words.join(" "));
  return [...out];
}
