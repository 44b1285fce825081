/**
 * Cyrillic → Latin under the standards names actually arrive in, Latin → Cyrillic
 * back-transliteration, and the "skeleton": a canonical Latin key on which all
 * those standards (and common popular spellings) agree.
 */
import { foldLatin } from "./normalize.js";

export type Standard = "icao" | "bgn" | "gost" | "loc" | "ua2010" | "popular" | "german";

export const STANDARD_LABELS: Record<Standard, string> = {
  icao: "ICAO 9303 (passport)",
  bgn: "BGN/PCGN",
  gost: "GOST 7.79 system B",
  loc: "Library of Congress",
  ua2010: "Ukrainian national 2010",
  popular: "common English spelling",
  german: "German spelling",
};

interface Table {
  base: Record<string, string>;
  /** Forms used at the start of a word. */
  initial?: Record<string, string>;
  /** Forms used after a vowel, й, ъ or ь (BGN's "ye" rule). */
  afterVowel?: Record<string, string>;
  /** GOST writes ц as "cz" before e, i, y, j and "c" elsewhere. */
  tseBeforeFront?: string;
}

const COMMON: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", ґ: "g", д: "d", е: "e", ж: "zh", з: "z", и: "i", і: "i", к: "k",
  л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts",
  ч: "ch", ш: "sh", щ: "shch", ь: "", ъ: "", ы: "y", э: "e",
};

// ICAO Doc 9303 part 3 (7th ed.), used in Russian and Ukrainian passports' MRZ since 2013–2014.
const ICAO: Table = {
  base: { ...COMMON, ё: "e", й: "i", ъ: "ie", ю: "iu", я: "ia", є: "ie", ї: "i" },
};

// BGN/PCGN 1947 (Russian), as in English-language press and US/UK gazetteers.
const BGN: Table = {
  base: { ...COMMON, ё: "ë", й: "y", ю: "yu", я: "ya", є: "ye", ї: "yi" },
  initial: { е: "ye", ё: "yë" },
  afterVowel: { е: "ye", ё: "yë" },
};

// GOST 7.79-2000 system B (ISO 9 ASCII variant), used by Russian libraries and some courts.
const GOST: Table = {
  base: {
    ...COMMON, ё: "yo", й: "j", х: "x", ц: "c", щ: "shh", ъ: "``", ы: "y`", ь: "`", э: "e`",
    ю: "yu", я: "ya", є: "ye", ї: "yi", ґ: "g", г: "g",
  },
  tseBeforeFront: "cz",
};

// ALA-LC romanisation (ligature ties and breves dropped, as it is usually typed).
const LOC: Table = {
  base: { ...COMMON, ё: "ë", й: "i", ю: "iu", я: "ia", э: "ė", є: "ie", ї: "ï" },
};

// Ukrainian Cabinet of Ministers resolution 55 (2010): the official Ukrainian passport standard.
const UA2010: Table = {
  base: { ...COMMON, г: "h", и: "y", й: "i", є: "ie", ї: "i", ю: "iu", я: "ia", ё: "io", ы: "y" },
  initial: { є: "ye", ї: "yi", й: "y", ю: "yu", я: "ya" },
};

// What English-language media and NGOs typically write (Wikipedia style): -iy → -y, кс → x.
const POPULAR: Table = {
  base: { ...COMMON, ё: "yo", й: "y", ю: "yu", я: "ya", є: "ye", ї: "yi", ы: "y" },
  initial: { е: "ye" },
};

// Duden-style German transliteration, common in German/Polish/Baltic sources.
const GERMAN: Table = {
  base: {
    ...COMMON, в: "w", ж: "sch", з: "s", х: "ch", ц: "z", ч: "tsch", ш: "sch", щ: "schtsch",
    й: "j", ё: "jo", ю: "ju", я: "ja", є: "je", ї: "ji", ы: "y", э: "e",
  },
  initial: { е: "je" },
  afterVowel: { е: "je" },
};

const TABLES: Record<Standard, Table> = {
  icao: ICAO, bgn: BGN, gost: GOST, loc: LOC, ua2010: UA2010, popular: POPULAR, german: GERMAN,
};

export const STANDARDS = Object.keys(TABLES) as Standard[];

const VOWELS = new Set([..."аеёиоуыэюяіїєйъь"]);
const FRONT = new Set([..."еёиійыэюяєї"]);

/** Transliterate Cyrillic text (any case) into lower-case Latin under one standard. */
export function transliterate(text: string, standard: Standard): string {
  const table = TABLES[standard];
  const lower = text.toLowerCase();
  let out = "";
  let prev = "";
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i]!;
    const next = lower[i + 1] ?? "";
    const isInitial = prev === "" || !/\p{L}/u.test(prev);
    let repl: string | undefined;
    if (isInitial) repl = table.initial?.[ch];
    if (repl === undefined && VOWELS.has(prev)) repl = table.afterVowel?.[ch];
    if (repl === undefined && ch === "ц" && table.tseBeforeFront && FRONT.has(next)) repl = table.tseBeforeFront;
    if (repl === undefined && standard === "ua2010" && ch === "г" && prev === "з") repl = "gh";
    // Russian -ий / -ый endings: popular English spelling writes just "-y" (Dmitry, Navalny).
    if (repl === undefined && standard === "popular" && (ch === "и" || ch === "ы") && next === "й" && !/\p{L}/u.test(lower[i + 2] ?? "")) {
      repl = "y";
      i++;
    }
    out += repl ?? table.base[ch] ?? ch;
    prev = ch;
  }
  return out;
}

/** All distinct ASCII-folded transliterations of a Cyrillic token, with the standards giving each. */
export function transliterations(text: string): Map<string, Standard[]> {
  const out = new Map<string, Standard[]>();
  for (const std of STANDARDS) {
    const t = foldLatin(transliterate(text, std).replace(/[`']/g, ""));
    const list = out.get(t);
    if (list) list.push(std);
    else out.set(t, [std]);
  }
  return out;
}

// Latin → Russian Cyrillic, longest match first. Used to show a coordinator the likely
// Cyrillic spelling of a Latin-only name and to look it up in Cyrillic records.
const BACK: Array<[string, string]> = [
  ["schtsch", "щ"], ["shch", "щ"], ["shh", "щ"], ["tsch", "ч"], ["sch", "ш"], ["zh", "ж"], ["kh", "х"],
  ["iya", "ия"], ["iia", "ия"], ["ts", "ц"], ["tz", "ц"], ["ch", "ч"], ["sh", "ш"], ["yo", "ё"], ["jo", "ё"], ["yu", "ю"], ["ju", "ю"],
  ["iu", "ю"], ["ya", "я"], ["ja", "я"], ["ia", "я"], ["ye", "е"], ["je", "е"], ["ie", "ие"], ["iy", "ий"],
  ["yy", "ый"], ["yi", "ый"], ["ii", "ий"], ["ei", "ей"], ["ey", "ей"], ["ai", "ай"], ["ay", "ай"],
  ["oi", "ой"], ["oy", "ой"], ["x", "кс"], ["w", "в"], ["ph", "ф"], ["th", "т"], ["ck", "к"], ["q", "к"],
  ["a", "а"], ["b", "б"], ["c", "ц"], ["d", "д"], ["e", "е"], ["f", "ф"], ["g", "г"], ["h", "х"], ["i", "и"],
  ["j", "й"], ["k", "к"], ["l", "л"], ["m", "м"], ["n", "н"], ["o", "о"], ["p", "п"], ["r", "р"], ["s", "с"],
  ["t", "т"], ["u", "у"], ["v", "в"], ["y", "ы"], ["z", "з"],
];

/** Best-guess Russian Cyrillic spelling of a Latin name token (back-transliteration). */
export function toCyrillic(latin: string): string {
  const s = foldLatin(latin).replace(/[^a-z]/g, "");
  let out = "";
  let i = 0;
  while (i < s.length) {
    const hit = BACK.find(([lat]) => s.startsWith(lat, i));
    if (!hit) {
      i++;
      continue;
    }
    let cyr = hit[1];
    // Word-initial "e" is Э in Russian names (Eduard → Эдуард); elsewhere Е.
    if (i === 0 && hit[0] === "e") cyr = "э";
    out += cyr;
    i += hit[0].length;
  }
  return out;
}

// Canonical Cyrillic → Latin used as the first step of the skeleton.
const SKELETON_CYR: Record<string, string> = {
  ...COMMON, ё: "e", й: "i", ю: "iu", я: "ia", є: "ie", ї: "i", ъ: "", ь: "",
};

// Latin letter groups → skeleton symbols. Each Cyrillic consonant that standards spell
// differently gets one symbol: ж=j, ч=q, ш=w, щ=wq, х=x, ц=c. y/j collapse into i and
// h into g (Ukrainian г is h, Russian г is g). Longest match first.
const SKELETON_LAT: Array<[string, string]> = [
  ["schtsch", "wq"], ["shtch", "wq"], ["szcz", "wq"], ["shch", "wq"], ["shh", "wq"], ["tsch", "q"],
  ["sch", "w"], ["tch", "q"], ["ch", "q"], ["cz", "q"], ["sh", "w"], ["sz", "w"], ["zh", "j"],
  ["kh", "x"], ["ts", "c"], ["tz", "c"], ["ph", "f"], ["th", "t"], ["ck", "k"], ["qu", "kv"],
  ["x", "ks"], ["w", "v"], ["h", "g"], ["y", "i"], ["j", "i"], ["q", "k"],
];

const SKELETON_BY_FIRST = new Map<string, Array<[string, string]>>();
for (const rule of SKELETON_LAT) {
  const list = SKELETON_BY_FIRST.get(rule[0][0]!) ?? [];
  list.push(rule);
  SKELETON_BY_FIRST.set(rule[0][0]!, list);
}

// Latin letters with diacritics that stand for a specific Cyrillic letter in ISO 9 / scholarly use.
const DIACRITIC_LETTERS: Record<string, string> = {
  š: "sh", č: "ch", ž: "zh", ŝ: "shch", ë: "e", ê: "e", è: "e", ė: "e", û: "iu", â: "ia", ĭ: "i", ï: "i", ı: "i",
  ǵ: "g", ğ: "g",
};

function toSkeletonLatin(token: string): string | null {
  const lower = token.toLowerCase();
  let latin = "";
  if (/[\u0400-\u052F]/.test(lower)) {
    for (const ch of lower) latin += SKELETON_CYR[ch] ?? ch;
  } else if (/[a-z\u00C0-\u024F]/.test(lower)) {
    for (const ch of lower) latin += DIACRITIC_LETTERS[ch] ?? ch;
    latin = foldLatin(latin);
  } else {
    return null;
  }
  // -off/-eff is the French and older English spelling of -ов/-ев (Smirnoff, Rachmaninoff, Grigorieff);
  // Cyrillic copies of it (Петрофф) read the same. Only the doubled f: Josef, Iosif keep theirs.
  return latin.replace(/[^a-z]/g, "").replace(/([oe])ff$/, "$1v");
}

type Reading = "common" | "gost" | "german";

// German spelling reads ch as х, z as ц, s before a vowel as з (Michail, Zoin, Sachar), and writes
// both ш and ж as sch: the common reading takes ш, this one ж (Schukow = Жуков).
const GERMAN_RULES: Array<[string, string]> = [
  ["schtsch", "wq"], ["dsch", "dj"], ["tsch", "q"], ["sch", "j"], ["ch", "x"], ["ss", "s"], ["z", "c"],
];

function reduce(latin: string, reading: Reading): string {
  let out = "";
  let i = 0;
  while (i < latin.length) {
    const ch = latin[i]!;
    if (reading === "gost" && ch === "x") {
      out += "x";
      i++;
      continue;
    }
    if (reading === "gost" && latin.startsWith("cz", i)) {
      out += "c"; // GOST's ц before e, i, y, j (Czigipa), not Polish ч
      i += 2;
      continue;
    }
    if (reading === "gost" && ch === "c" && latin[i + 1] !== "h") {
      out += "c"; // elsewhere GOST writes ц as a bare c (Xaickij = Хаицкий, Cuyx = Цуых)
      i++;
      continue;
    }
    if (reading === "german") {
      const g = GERMAN_RULES.find(([lat]) => latin.startsWith(lat, i));
      if (g) {
        out += g[1];
        i += g[0].length;
        continue;
      }
      if (ch === "s" && "aeiouy".includes(latin[i + 1] ?? "-") && (i === 0 || "aeiouy".includes(latin[i - 1]!))) {
        out += "z";
        i++;
        continue;
      }
    }
    const hit = SKELETON_BY_FIRST.get(ch)?.find(([lat]) => latin.startsWith(lat, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else if (ch === "c") {
      // Bare c: ц before front vowels (Polish/GOST "Cvetkov", "Cyril"), k elsewhere (Victor).
      const next = latin[i + 1] ?? "";
      out += next !== "" && "eiy".includes(next) ? "c" : "k";
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out.replace(/i+/g, "i").replace(/ie/g, "e").replace(/io/g, "e"); // й/ы/-ий runs; е/є as ye/ie/je; ё as yo/io/jo
}

const collapse = (s: string): string => s.replace(/(.)\1+/g, "$1");

export interface SkeletonVariants {
  /** Canonical key: doubled letters collapsed (Zelenskyy = Zelensky, Anna = Ana). */
  skel: string;
  /** Same without collapsing doubled letters: closer to what was typed, for typo-tolerant keys. */
  loose: string;
  /**
   * Another plausible reading of a Latin token, or null: GOST 7.79 system B when it has
   * "x" or "cz" (Mixail, Czigipa), German spelling when it looks German (Michail, Sachar, Zoin, Schukow).
   */
  alt: string | null;
  altReading: "gost" | "german" | null;
}

const GERMAN_LOOK = /(w|sch|tsch|ch|z|ss|^s[aeiouy])/;

export function skeletonVariants(token: string): SkeletonVariants {
  const latin = toSkeletonLatin(token);
  if (latin === null) {
    const lower = token.toLowerCase();
    return { skel: lower, loose: lower, alt: null, altReading: null };
  }
  const loose = reduce(latin, "common");
  const skel = collapse(loose);
  if (/[\u0400-\u052F]/.test(token)) return { skel, loose, alt: null, altReading: null };
  const reading: Reading | null = latin.includes("x") || latin.includes("cz") ? "gost" : GERMAN_LOOK.test(latin) ? "german" : null;
  if (reading === null) return { skel, loose, alt: null, altReading: null };
  const alt = collapse(reduce(latin, reading));
  return alt === skel ? { skel, loose, alt: null, altReading: null } : { skel, loose, alt, altReading: reading };
}

/**
 * Canonical Latin key of one name token: identical for "Алексей", "Aleksei", "Alexey",
 * "Aleksej", "Alexei"; for "Цигіпа", "Tsyhipa", "Tsigipa"; for "Навальный", "Navalny",
 * "Navalnyy". Non-Latin, non-Cyrillic scripts are returned lower-cased as they are.
 */
export function skeleton(token: string): string {
  return skeletonVariants(token).skel;
}
