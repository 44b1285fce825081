/**
 * Text normalisation for person names: Unicode, case, punctuation, hyphens,
 * apostrophes, comma-inverted order, titles. Produces tokens; transliteration
 * and structure live in transliterate.ts and parse.ts.
 */

export type Script = "latin" | "cyrillic" | "other";

export interface NameToken {
  /** Token as written (after NFKC, before lower-casing). */
  raw: string;
  /** Lower-case, apostrophes and punctuation removed. */
  norm: string;
  script: Script;
  /** Written as a single letter or with a trailing dot ("A.", "V"). */
  initial: boolean;
}

export interface NormalizedName {
  tokens: NameToken[];
  /**
   * Number of leading tokens that were written before a comma ("Kozyreva, Darya"):
   * such tokens are the surname. 0 when there was no comma.
   */
  surnameFirst: number;
}

// Titles and honorifics carry no identity; registries and court sites add them at will.
const TITLES = new Set([
  "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "president", "präsident", "prasident",
  "monsieur", "madame", "mme", "herr", "frau", "shaikh", "sheikh", "sheik", "gen", "col",
  "гражданин", "гражданка", "господин", "госпожа", "г-н", "г-жа", "пан", "пані", "пани",
]);
const ORG_SUFFIXES = new Set(["llc", "ltd", "inc", "gmbh", "ooo", "ооо"]);

// Digits typed for look-alike letters in hand-copied lists ("Ig0r Sech1n").
const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g" };

const CYRILLIC = /[\u0400-\u04FF\u0500-\u052F]/;
const LATIN = /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]/;

const isCyrillicCode = (c: number): boolean => c >= 0x0400 && c <= 0x052f;
const isLatinCode = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);

export function scriptOf(text: string): Script {
  let cyr = 0;
  let lat = 0;
  let other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (isCyrillicCode(c)) cyr++;
    else if (isLatinCode(c)) lat++;
    else if (c > 0x7f && /\p{L}/u.test(ch)) other++;
  }
  if (cyr >= lat && cyr >= other && cyr > 0) return "cyrillic";
  if (lat >= other && lat > 0) return "latin";
  return other > 0 ? "other" : "latin";
}

// Latin letters that look identical to Cyrillic ones; mixed-script typing is common
// when people copy names between keyboards ("Aлексей" with a Latin A).
const LATIN_TO_CYR_LOOKALIKE: Record<string, string> = {
  a: "а", c: "с", e: "е", o: "о", p: "р", x: "х", y: "у", k: "к", m: "м", t: "т", h: "н", b: "в",
  i: "і",
};
const CYR_TO_LATIN_LOOKALIKE: Record<string, string> = {
  а: "a", с: "c", е: "e", о: "o", р: "p", х: "x", у: "y", к: "k", м: "m", т: "t", і: "i", в: "b", н: "h",
};

/** Fix tokens that mix Latin and Cyrillic look-alike letters, in favour of the majority script. */
function unmixScripts(token: string): string {
  if (!(CYRILLIC.test(token) && /[a-z]/i.test(token))) return token;
  const target = scriptOf(token);
  const map = target === "cyrillic" ? LATIN_TO_CYR_LOOKALIKE : CYR_TO_LATIN_LOOKALIKE;
  let out = "";
  for (const ch of token) {
    const lower = ch.toLowerCase();
    const repl = map[lower];
    out += repl === undefined ? ch : ch === lower ? repl : repl.toUpperCase();
  }
  return out;
}

const APOSTROPHES = /['’ʼʹʺ`´‘ʻ"”“«»]/g;

/** Split "SergeiLavrov" and "FridrichBuchenberg" (names run together) at case changes. */
const isLowerCode = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x430 && c <= 0x45f) || c === 0x491;
const isUpperCode = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x400 && c <= 0x42f) || c === 0x490;

/** Cheap test before the Unicode regex: is there a lower-case letter followed by a capital? */
function mayNeedCamelSplit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0xc0 && c < 0x400) || c > 0x4ff) return true; // accented Latin, other scripts: let the regex decide
    if (i > 0 && isUpperCode(c) && isLowerCode(text.charCodeAt(i - 1))) return true;
  }
  return false;
}

function splitCamel(text: string): string {
  if (!mayNeedCamelSplit(text)) return text;
  // Two lower-case letters before the capital: "aTras" is a typo, not two names.
  return text.replace(/(\p{L}\p{Ll})(\p{Lu}\p{Ll})/gu, "$1 $2");
}

const PLAIN_WORD = /^\p{L}{2,}$/u;

function cleanToken(piece: string): NameToken | null {
  // Most tokens are plain words in one script: skip the repairs below.
  if (PLAIN_WORD.test(piece)) {
    const script = scriptOf(piece);
    const mixed = script !== "other" && (script === "cyrillic" ? /[a-z]/i.test(piece) : CYRILLIC.test(piece));
    if (!mixed) return { raw: piece, norm: piece.toLowerCase(), script, initial: false };
  }
  const initial = /^\p{L}\.$/u.test(piece) || /^\p{L}$/u.test(piece);
  let t = piece.replace(APOSTROPHES, "").replace(/\./g, "");
  if (/\p{L}/u.test(t)) t = t.replace(/[0-9]/g, (d) => LEET[d] ?? "");
  t = t.replace(/[^\p{L}\p{M}]/gu, "");
  if (t === "") return null;
  t = unmixScripts(t);
  return { raw: t, norm: t.toLowerCase(), script: scriptOf(t), initial };
}

/** Split one free-text name into tokens; records comma-inverted order. */
export function normalizeName(input: string): NormalizedName {
  const text = splitCamel(input.normalize("NFKC")).replace(/\s+/g, " ").trim();
  let surnameFirst = 0;
  let ordered: string[];
  const comma = text.indexOf(",");
  if (comma > 0) {
    const before = splitPieces(text.slice(0, comma));
    const after = splitPieces(text.slice(comma + 1));
    // "Kozyreva, Darya" — the part before the comma is the family name.
    ordered = [...before, ...after];
    surnameFirst = before.length;
  } else {
    ordered = splitPieces(text);
  }
  const tokens: NameToken[] = [];
  let droppedBeforeComma = 0;
  const mixedCase = ordered.some((p) => /\p{Ll}/u.test(p));
  ordered.forEach((piece, i) => {
    // "JC Juncker", "Попов СС": capitals without a vowel beside a name written in mixed case are initials.
    if (mixedCase && /^\p{Lu}{2,3}$/u.test(piece) && !/[AEIOUYАЕЁИОУЫЭЮЯІЇЄ]/.test(piece)) {
      for (const letter of piece) tokens.push({ raw: letter, norm: letter.toLowerCase(), script: scriptOf(letter), initial: true });
      return;
    }
    const tok = cleanToken(piece);
    if (!tok) {
      if (i < surnameFirst) droppedBeforeComma++;
      return;
    }
    tokens.push(tok);
  });
  surnameFirst = Math.max(0, surnameFirst - droppedBeforeComma);
  const kept = dropTitles(tokens, surnameFirst);
  return { tokens: kept.tokens, surnameFirst: Math.max(0, surnameFirst - kept.droppedLeading) };
}

function splitPieces(text: string): string[] {
  // Hyphens and dots join parts that are written apart elsewhere ("Jong-un", "J.-C.").
  return text
    .replace(/[‐‑‒–—―-]/g, " ")
    .replace(/\.(?=\p{L})/gu, ". ")
    .split(/[\s,;/\\()[\]{}·・]+/u) // middle dots separate names in Chinese and Japanese (贝拉克·奥巴马, バラク・オバマ)
    .filter((p) => p !== "");
}

function dropTitles(tokens: NameToken[], surnameFirst: number): { tokens: NameToken[]; droppedLeading: number } {
  let droppedLeading = 0;
  const out: NameToken[] = [];
  tokens.forEach((t, i) => {
    // A title stands before the name it honours: after the only other word, or as the word before the
    // surname's comma, it is a surname (Timur Sheikh = Тимур Шейх; Sheikh, Timur).
    const isTitle = TITLES.has(t.norm) && tokens.length > 1 && !(i === 1 && tokens.length === 2) && i !== surnameFirst - 1;
    const isOrg = ORG_SUFFIXES.has(t.norm) || (t.norm === "sa" && i === tokens.length - 1 && tokens.length > 2);
    if (isTitle || isOrg) {
      if (out.length === 0) droppedLeading++;
      return;
    }
    out.push(t);
  });
  return out.length > 0 ? { tokens: out, droppedLeading } : { tokens, droppedLeading: 0 };
}

/** Plain-ASCII folding of Latin text (diacritics removed), for display and exact checks. */
export function foldLatin(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ø/g, "o")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .replace(/ł/g, "l")
    .replace(/đ/g, "d")
    .replace(/ı/g, "i")
    .toLowerCase();
}
