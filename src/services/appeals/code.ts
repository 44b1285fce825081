import { createHash, randomInt } from "node:crypto";

// The appeal code is the family's only key to the status page, so it must be unguessable, yet easy to write
// down on paper, read out over a bad phone line and type on a Cyrillic keyboard. We use five pronounceable
// two-syllable "words" (consonant+vowel twice) from a generated list of 14×5×14×5 = 4,900 words:
// 5 × log2(4900) ≈ 61 bits, beyond online guessing (lookups are rate-limited) and costly offline.
// Every letter has one obvious Cyrillic twin (б/b, д/d, …), so a code typed in Cyrillic is read as well.

const CONSONANTS = "bdfgklmnprstvz";
const VOWELS = "aeiou";
export const CODE_WORDS = 5;

function buildWordlist(): string[] {
  const syllables: string[] = [];
  for (const c of CONSONANTS) for (const v of VOWELS) syllables.push(c + v);
  const words: string[] = [];
  for (const a of syllables) for (const b of syllables) words.push(a + b);
  return words;
}

export const WORDLIST: readonly string[] = buildWordlist();
export const CODE_BITS = CODE_WORDS * Math.log2(WORDLIST.length);

/** A fresh code such as "bako-menu-tisa-rolu-fena" (crypto-random, uniform over the list). */
export function generateAppealCode(): string {
  const out: string[] = [];
  for (let i = 0; i < CODE_WORDS; i++) out.push(WORDLIST[randomInt(WORDLIST.length)]!);
  return out.join("-");
}

// Russian and Ukrainian letters a family may type instead of the Latin ones on the receipt.
const CYRILLIC_TWINS: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", ґ: "g", д: "d", е: "e", є: "e", э: "e", ё: "e", ф: "f", и: "i", і: "i", ї: "i", й: "i",
  к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", з: "z",
};

/**
 * Canonical form of what someone typed: lower case, Cyrillic twins mapped, any run of spaces, dashes, dots,
 * commas or underscores is one separator. Returns null when it cannot be a code (wrong shape or word).
 */
export function normaliseAppealCode(input: string): string | null {
  const lowered = input.normalize("NFKC").toLowerCase().trim();
  let mapped = "";
  for (const ch of lowered) mapped += CYRILLIC_TWINS[ch] ?? ch;
  const words = mapped.split(/[\s\-‐‑–—.,_/]+/).filter(Boolean);
  if (words.length !== CODE_WORDS) return null;
  for (const w of words) if (!/^[bdfgklmnprstvz][aeiou][bdfgklmnprstvz][aeiou]$/.test(w)) return null;
  return words.join("-");
}

/** What the database keeps instead of the code. */
export function appealCodeHash(normalisedCode: string): string {
  return createHash("sha256").update("allforall-appeal-code:v1:").update(normalisedCode).digest("hex");
}
