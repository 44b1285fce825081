/**
 * Chinese names in Wade–Giles (Mao Tse-tung, Hsi Chin-p'ing) against pinyin (Mao Zedong, Xi Jinping).
 * Wade–Giles marks aspiration with an apostrophe that lists drop (p'ing and ping are 平 and 兵), so both
 * names are brought to a key that ignores aspiration: Wade–Giles initials and finals become pinyin, then
 * aspirated and plain initials are merged (p = b, t = d, k = g, q = j, c = z, ch = zh) and the syllables of
 * a given name are written together (Tse-tung = Zedong).
 */

// Syllables as either romanisation writes them (initial, vowels, final n / ng / h / r), one or more per word.
const SYLLABLES = /^(?:(?:hs|ch|ts|tz|sh|zh|[bcdfghjklmnpqrstwxyz])?[aeiouüv]{1,3}(?:ng|n|h|r)?)+$/;

const isSyllables = (word: string): boolean => word.split("-").every((p) => p.length > 0 && p.length <= 12 && SYLLABLES.test(p));

/** Wade–Giles marks: hs, ts/tz, -ih, -ieh, -ung, ü, apostrophes, or syllables joined by hyphens. */
function looksWadeGiles(words: string[]): boolean {
  return words.some((w) => /^(hs|ts|tz)|ih$|ieh|ung(?:-|$)|-(?:[a-z]*)ung|ü/.test(w) || w.includes("-"));
}

/** One syllable from Wade–Giles to pinyin (as far as the missing apostrophes allow). */
function wadeToPinyin(s: string): string {
  return s
    .replace(/^j/, "r") // first: the j written for ch below is pinyin's own
    .replace(/^hs/, "x")
    .replace(/^ch(?=[iü])/, "j")
    .replace(/^ch/, "zh")
    .replace(/^(ts|tz)/, "z")
    .replace(/ieh$/, "ie")
    .replace(/ueh$/, "ue")
    .replace(/ih$/, "i")
    .replace(/ung$/, "ong")
    .replace(/ü/g, "u");
}

/** Aspiration-blind key of pinyin: aspirated and plain initials merged wherever they stand. */
const neutral = (s: string): string =>
  s.replace(/[cz]h/g, "Z").replace(/p/g, "b").replace(/t/g, "d").replace(/k/g, "g").replace(/q/g, "j").replace(/c/g, "z").replace(/Z/g, "zh");

function key(words: string[], wade: boolean): string {
  return words.map((w) => w.split("-").map((p) => neutral(wade ? wadeToPinyin(p) : p)).join("")).join(" ");
}

const wordsOf = (name: string): string[] => name.toLowerCase().replace(/['’ʻ‘`]/g, "").split(/\s+/).filter((w) => w !== "");

/**
 * When one name looks like Wade–Giles and both are Chinese syllables: the two names as aspiration-blind
 * pinyin keys, to be compared as names. Null otherwise.
 */
export function wadeGilesReading(a: string, b: string): [string, string] | null {
  const wa = wordsOf(a);
  const wb = wordsOf(b);
  if (wa.length === 0 || wb.length === 0 || !wa.every(isSyllables) || !wb.every(isSyllables)) return null;
  const wadeA = looksWadeGiles(wa);
  const wadeB = looksWadeGiles(wb);
  if (!wadeA && !wadeB) return null;
  return [key(wa, wadeA), key(wb, wadeB)];
}
