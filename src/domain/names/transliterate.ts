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
  // Turkish or Crimean Tatar Latin (ç = ч, ş = ш), Polish ż, Czech ě, German/Crimean Tatar ü ö (= ю ё after a consonant).
  ç: "ch", ş: "sh", ż: "zh", ě: "e", ü: "iu", ö: "io",
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

type ReduceMode = "common" | "gost" | "german" | "german-plain";

// German spelling reads ch as х, z as ц, s before a vowel as з (Michail, Zoin, Sachar), and writes
// both ш and ж as sch: the common reading takes ш, this one ж (Schukow = Жуков).
const GERMAN_RULES: Array<[string, string]> = [
  ["schtsch", "wq"], ["dsch", "dj"], ["tsch", "q"], ["sch", "j"], ["ch", "x"], ["ss", "s"], ["z", "c"],
];

function reduce(latin: string, reading: ReduceMode): string {
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
    if (reading === "german" || reading === "german-plain") {
      // The plain German reading keeps what German spelling writes one way only (ch = х, z = ц, tsch = ч);
      // the full one also reads s as з and sch as ж, which German also writes for с and ш.
      const g = GERMAN_RULES.find(([lat]) => latin.startsWith(lat, i) && (reading === "german" || lat !== "sch"));
      if (g) {
        out += g[1];
        i += g[0].length;
        continue;
      }
      if (reading === "german" && ch === "s" && "aeiouy".includes(latin[i + 1] ?? "-") && (i === 0 || "aeiouy".includes(latin[i - 1]!))) {
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

/**
 * Readings of a Latin token other than the common one, each a national way of writing Russian and
 * Ukrainian names that gives some letters another value. The common reading (ICAO, BGN, English,
 * Ukrainian 2010) takes ch = ч, j = й, h = г, c = к before a/o/u; these do not.
 */
export type Reading = "gost" | "german" | "french" | "baltic" | "spanish" | "italian" | "turkish" | "sibilant-o";

export const READING_LABELS: Record<Reading, string> = {
  gost: "GOST 7.79 system B (x = х, c = ц)",
  german: "German spelling (w = в, ch = х, z = ц, tsch = ч)",
  french: "French-style or Soviet passport spelling (ou = у, j = ж, ch = ш, tch = ч)",
  baltic: "Polish, Czech, Slovak, Lithuanian or Latvian spelling (ch or h = х, c = ц, case endings dropped)",
  spanish: "Spanish spelling (j = х, gu = г)",
  italian: "Italian spelling (c, ci = ч; sc, sci = ш; ch = к; z = ц)",
  turkish: "Turkish or Crimean Tatar Latin (c = дж, j = ж, h = х)",
  "sibilant-o": "ё written o after ж, ч, ш, щ (Gorbachov, Khrushchov)",
};

/** Skeleton of a Cyrillic token with ё (or the е of a final -ев/-ева) after ж, ч, ш, щ read as o. */
function sibilantO(lower: string): string {
  const o = lower.replace(/([жчшщ])ё/g, "$1о").replace(/([жчшщ])ев(а?)$/, "$1ов$2");
  return skeletonVariants(o).skel;
}


type Rule = [from: string, to: string, next?: string];
/** Left-to-right rewriting, longest rule first; `next` lists the letters that must follow (any when absent). */
function rewrite(text: string, rules: readonly Rule[]): string {
  let out = "";
  let i = 0;
  outer: while (i < text.length) {
    for (const [from, to, next] of rules) {
      if (text.startsWith(from, i) && (next === undefined || next.includes(text[i + from.length] ?? "#"))) {
        out += to;
        i += from.length;
        continue outer;
      }
    }
    out += text[i]!;
    i++;
  }
  return out;
}

const FRENCH: Rule[] = [["tch", "ch"], ["dj", "dzh"], ["iou", "iu"], ["ou", "u"], ["ch", "sh"], ["j", "zh", "abcdefghiklmnopqrstuvwxyz"], ["gu", "g", "eiy"], ["ss", "s"]];
const BALTIC: Rule[] = [["szcz", "shch"], ["sz", "sh"], ["cz", "ch"], ["ch", "kh"], ["sh", "sh"], ["zh", "zh"], ["kh", "kh"], ["c", "ts"], ["h", "kh"]];
const SPANISH: Rule[] = [["sch", "shch"], ["ch", "ch"], ["j", "kh", "abcdefghiklmnopqrstuvwxyz"], ["gu", "g", "eiy"]];
const ITALIAN: Rule[] = [
  ["sci", "sh", "aou"], ["sc", "sh", "eiy"], ["ci", "ch", "aou"], ["c", "ch", "eiy"], ["ch", "k"], ["gh", "g"], ["zh", "zh"], ["z", "ts"],
];
const TURKISH: Rule[] = [["ç", "ch"], ["ş", "sh"], ["c", "dzh"], ["j", "zh", "aeiouy"], ["h", "kh"], ["ı", "y"]];

/** Lithuanian and Latvian nominative endings: Putinas, Sergejus, Čajkovskis; Putins, Dmitrijs. */
function dropBalticEnding(w: string): string {
  if (w.length < 5) return w;
  return w
    .replace(/ijus$/, "ij")
    .replace(/jus$/, "j")
    .replace(/([iy]j)s$/, "$1")
    .replace(/js$/, "j")
    .replace(/kis$/, "kij")
    .replace(/([bcčdfghklmnprsštvzž])(as|us|s)$/, "$1");
}

const READING_RULES: Array<[Reading, RegExp, (w: string) => string]> = [
  ["french", /ou|j[a-z]|ch|gu[eiy]|ss|ine$/, (w) => rewrite(w, FRENCH).replace(/ine$/, "in")],
  ["baltic", /ch|c(?![hz])|h|(as|is|us|[^aeiouy]s)$/, (w) => rewrite(dropBalticEnding(w), BALTIC)],
  ["spanish", /j[a-z]|gu[eiy]|sch/, (w) => rewrite(w, SPANISH)],
  ["italian", /c[eiy]|ci[aou]|sc|gh|z|ch/, (w) => rewrite(w, ITALIAN)],
  // Only tokens with Turkish letters, or without the English digraphs (sh, ch, kh, zh) that Turkish never writes.
  ["turkish", /[çşğı]|^(?!.*[sczk]h).*(c|j[aeiouy]|h)/, (w) => rewrite(w, TURKISH)],
];

const collapseKey = (latin: string, mode: ReduceMode): string => collapse(reduce(latin, mode));

export interface SkeletonVariants {
  /** Canonical key: doubled letters collapsed (Zelenskyy = Zelensky, Anna = Ana). */
  skel: string;
  /** Same without collapsing doubled letters: closer to what was typed, for typo-tolerant keys. */
  loose: string;
  /** The first of `alts` (GOST or German when they apply), kept for callers that want one. */
  alt: string | null;
  altReading: Reading | null;
  /**
   * Other plausible readings of a Latin token (see Reading), each differing from `skel`: GOST 7.79
   * system B when it has "x" or "cz" (Mixail, Czigipa), German when it looks German (Michail, Sachar),
   * French (Chevtchouk, Janna), Polish/Czech/Baltic (Chruščov, Putinas), Spanish (Jruschov), Italian
   * (Gorbaciov), Turkish/Crimean Tatar (Celâl, Hruşçov). Empty for Cyrillic.
   */
  alts: string[];
  readings: Reading[];
  /** Per alt: the reading gives two Cyrillic spellings this Latin form (German s = с and з): not alone enough for `match`. */
  shaky: boolean[];
}

const GERMAN_LOOK = /(w|sch|tsch|ch|z|ss|^s[aeiouy])/;

export function skeletonVariants(token: string): SkeletonVariants {
  const latin = toSkeletonLatin(token);
  if (latin === null) {
    const lower = token.toLowerCase();
    return { skel: lower, loose: lower, alt: null, altReading: null, alts: [], readings: [], shaky: [] };
  }
  const loose = reduce(latin, "common");
  const skel = collapse(loose);
  if (/[\u0400-\u052F]/.test(token)) {
    // ё after ж, ч, ш, щ is written o (Gorbachov, Khrushchov, Pugachova); lists often print the ё as е.
    const o = /[жчшщ]ё/.test(token.toLowerCase()) || /[жчшщ]ев(а)?$/.test(token.toLowerCase()) ? sibilantO(token.toLowerCase()) : null;
    return o !== null && o !== skel
      ? { skel, loose, alt: null, altReading: null, alts: [o], readings: ["sibilant-o"], shaky: [false] }
      : { skel, loose, alt: null, altReading: null, alts: [], readings: [], shaky: [] };
  }
  const alts: string[] = [];
  const readings: Reading[] = [];
  const shaky: boolean[] = [];
  const push = (key: string, r: Reading, isShaky = false): void => {
    if (key === skel || key === "") return;
    const at = alts.indexOf(key);
    if (at < 0) {
      alts.push(key);
      readings.push(r);
      shaky.push(isShaky);
    } else if (shaky[at] && !isShaky) {
      readings[at] = r; // the same key under a reading that is not ambiguous
      shaky[at] = false;
    }
  };
  if (latin.includes("x") || latin.includes("cz")) push(collapseKey(latin, "gost"), "gost");
  else if (GERMAN_LOOK.test(latin)) {
    push(collapseKey(latin, "german-plain"), "german");
    // German s is з and с, sch is ж and ш: equal only under these, two Cyrillic names could be meant.
    push(collapseKey(latin, "german"), "german", true);
  }
  // Accents on vowels (Serguéi, Mijaíl) carry no letter value; cedillas, carons and breves do.
  const lower = token.toLowerCase().normalize("NFD").replace(/[\u0300\u0301]/g, "").normalize("NFC");
  for (const [reading, looks, apply] of READING_RULES) {
    if (!looks.test(lower)) continue;
    const l = toSkeletonLatin(apply(lower));
    // Italian ch is к before e and i, and х (Chruščёv): ambiguous.
    if (l !== null) push(collapseKey(l, "common"), reading, reading === "italian" && lower.includes("ch"));
  }
  return { skel, loose, alt: alts[0] ?? null, altReading: readings[0] ?? null, alts, readings, shaky };
}

/**
 * Canonical Latin key of one name token: identical for "Алексей", "Aleksei", "Alexey",
 * "Aleksej", "Alexei"; for "Цигіпа", "Tsyhipa", "Tsigipa"; for "Навальный", "Navalny",
 * "Navalnyy". Non-Latin, non-Cyrillic scripts are returned lower-cased as they are.
 */
export function skeleton(token: string): string {
  return skeletonVariants(token).skel;
}
